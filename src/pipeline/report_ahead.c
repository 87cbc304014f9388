/* The report's items part read ahead on a background thread while curate and split run
 * (see pipeline_int.h: pl_ahead_*). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "pipeline/pipeline_int.h"
#include "report/report_run.h"

struct pl_ahead {
    pthread_t th;
    clockid_t clk; /* the thread's CPU clock, read while it runs */
    int clk_ok;
    pthread_mutex_t mu;
    int done;       /* under mu: the thread has finished its work */
    double cpu;     /* under mu once done: the CPU seconds of the thread and its helpers */
    double own_cpu; /* under mu once done: the thread's own (the in-order part, serial) */
    char **items;
    int n, threads;     /* threads = the run's -j */
    uint64_t helper_ns; /* atomic: CPU of the threads the items part starts */
    size_t expect;      /* items records (the parse stages' counts) */
    struct pc_report_items *res;
};

static void *ahead_main(void *p)
{
    struct pl_ahead *a = p;
    /* no progress (the calling thread reports curate's and split's); the items and assessment
     * options as pl_run_report's job (stages.c); at -j N, N threads (with N - 1, the items
     * part outlived curate and split on one core while the other idled: 0.6 s at 1G -j2),
     * whose CPU is charged to the report with this one's */
    struct pc_report_job job = {.items = (const char *const *)a->items,
                                .nitems = (size_t)a->n,
                                .assess = 1,
                                .threads = a->threads,
                                .helper_ns = &a->helper_ns};
    pc_assess_opts_default(&job.assess_opts);
    job.assess_opts.threads = a->threads;
    job.expect_items = a->expect;
    (void)pc_report_items_run(&job, &a->res);      /* a failure is kept in a->res */
    double own = pc_thread_cpu() - pc_par_share(); /* its shares of divided work left out */
    double cpu = own + (double)__atomic_load_n(&a->helper_ns, __ATOMIC_RELAXED) * 1e-9;
    pthread_mutex_lock(&a->mu);
    a->own_cpu = own;
    a->cpu = cpu;
    a->done = 1;
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

/* Whether the report stage will run rather than be reused, as far as it can be told before
 * curate: a forced run, no reusable report record, or a curate that will run again (its
 * fingerprint changed). A wrong guess only costs the thread's work, never the outputs. */
static int report_will_run(struct pl_ctx *x, const struct pl_stage *cur)
{
    if (!pc_runcfg_bool(x->cfg, pc_runopt_find("", "report"))) return 0; /* no report stage */
    if (x->o->force) return 1;
    struct pc_run_stage *pr = pc_run_state_stage(&x->prev, "report");
    struct pc_run_stage *pc = pc_run_state_stage(&x->prev, "curate");
    if (!pr || !pr->fingerprint[0] || !pc || !pc->fingerprint[0]) return 1;
    for (size_t i = 0; i < cur->ninputs; i++)
        if (!cur->inputs[i] || !cur->inputs[i][0]) return 1;
    char fp[65];
    pc_run_fingerprint(x->rundir, cur->argv.v, cur->argv.n, (const char *const *)cur->inputs,
                       cur->ninputs, fp);
    return strcmp(fp, pc->fingerprint) != 0;
}

static void ahead_free(struct pl_ahead *a)
{
    pl_paths_free(a->items);
    pc_report_items_free(a->res);
    pthread_mutex_destroy(&a->mu);
    free(a);
}

void pl_ahead_start(struct pl_ctx *x, const struct pl_stage *cur)
{
    if (x->ahead || pl_threads_of(x) <= 1 || !report_will_run(x, cur)) return;
    struct pl_ahead *a = calloc(1, sizeof *a);
    if (!a) return; /* the report then reads the items itself */
    pthread_mutex_init(&a->mu, NULL);
    a->items = pl_items_paths(x);
    a->n = x->nin;
    a->threads = pl_threads_of(x);
    a->expect = (size_t)x->totals_v.items;
    if (!a->items || pthread_create(&a->th, NULL, ahead_main, a) != 0) {
        ahead_free(a);
        return;
    }
    a->clk_ok = pthread_getcpuclockid(a->th, &a->clk) == 0;
    x->ahead = a;
}

double pl_ahead_cpu(const struct pl_ctx *x)
{
    struct pl_ahead *a = x->ahead;
    if (!a) return x->ahead_cpu;
    pthread_mutex_lock(&a->mu);
    double v =
        a->done ? a->cpu
        : a->clk_ok
            ? (double)(pc_clock_ns(a->clk) + __atomic_load_n(&a->helper_ns, __ATOMIC_RELAXED)) *
                  1e-9
            : 0;
    pthread_mutex_unlock(&a->mu);
    return v;
}

struct pc_report_items *pl_ahead_take(struct pl_ctx *x)
{
    struct pl_ahead *a = x->ahead;
    if (!a) return NULL;
    pthread_join(a->th, NULL);
    x->ahead = NULL;
    x->ahead_cpu = a->cpu;
    x->ahead_credit = a->cpu;
    if (a->own_cpu > x->stage_serial) x->stage_serial = a->own_cpu; /* the report's */
    struct pc_report_items *r = a->res;
    a->res = NULL;
    ahead_free(a);
    return r;
}

void pl_ahead_cancel(struct pl_ctx *x)
{
    struct pl_ahead *a = x->ahead;
    if (!a) return;
    pthread_join(a->th, NULL);
    x->ahead = NULL;
    x->ahead_cpu = a->cpu;
    ahead_free(a);
}
