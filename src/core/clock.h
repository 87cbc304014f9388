/* Clocks for the measurements of the pipeline (run.json's seconds, CPU seconds and serial
 * parts) and of the threads whose CPU a stage is charged. */
#ifndef PC_CORE_CLOCK_H
#define PC_CORE_CLOCK_H

#include <time.h>

#include <stdint.h>

/* Nanoseconds of clock c (a thread's CPU clock from pthread_getcpuclockid, or one of the
 * POSIX clocks); 0 when it cannot be read. */
static inline uint64_t pc_clock_ns(clockid_t c)
{
    struct timespec ts;
    if (clock_gettime(c, &ts) != 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CPU seconds (user + system) the calling thread has used so far; 0 when the clock is not
 * available. */
static inline double pc_thread_cpu(void)
{
    return (double)pc_clock_ns(CLOCK_THREAD_CPUTIME_ID) * 1e-9;
}

/* Monotonic wall seconds (an arbitrary origin: for differences). */
static inline double pc_wall_now(void)
{
    return (double)pc_clock_ns(CLOCK_MONOTONIC) * 1e-9;
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
