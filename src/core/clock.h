/* CPU time of the calling thread, for the serial-part measurements of the pipeline (run.json
 * "serial_cpu_seconds"). */
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

#endif
