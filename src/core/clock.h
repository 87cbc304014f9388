/* CPU time of the calling thread, for the serial-part measurements of the pipeline (run.json
 * "main_cpu_seconds" and "serial_cpu_seconds"). */
#ifndef PC_CORE_CLOCK_H
#define PC_CORE_CLOCK_H

#include <time.h>

/* CPU seconds (user + system) the calling thread has used so far; 0 when the clock is not
 * available. */
static inline double pc_thread_cpu(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The calling thread's share of divided work: where a task is cut into parts for several
 * threads and the calling thread takes one part itself (curate's index of a file, one band
 * of the near-duplicate search), the CPU seconds of that part are added here, per thread, so
 * that a measurement of the thread's serial CPU can leave them out (more cores would divide
 * them further). Only a measurement: nothing reads it to decide anything. */
void pc_par_share_add(double seconds);
/* The calling thread's total so far. */
double pc_par_share(void);

#endif
