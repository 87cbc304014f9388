/* Public API shim: pricer_run_args_* (include/pricer/run.h) over settings/pc_run_args_parse. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "pricer/run.h"
#include "settings/run_args.h"

struct pricer_run_args {
    struct pc_run_args a;
    char *config, *rundir; /* copies: argv is not kept */
};

int pricer_run_args_parse(int argc, const char *const *argv,
                          const struct pricer_run_args_hooks *hooks, pricer_run_args **out,
                          struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    *out = NULL;
    pricer_run_args *r = calloc(1, sizeof *r);
    if (!r) return pc_api_error(err, &e, pc_error_set(&e, PC_ENOMEM, "out of memory"));
    struct pc_run_args_hooks h = {0};
    if (hooks) h = (struct pc_run_args_hooks){hooks->user, hooks->read_stdin, hooks->config_file};
    int rc = pc_run_args_parse(&r->a, argc, (char **)argv, &h, &e);
    if (!rc &&
        ((r->a.config && !(r->config = strdup(r->a.config))) || !(r->rundir = strdup(r->a.rundir))))
        rc = pc_error_set(&e, PC_ENOMEM, "out of memory");
    if (rc) {
        pricer_run_args_free(r);
        return pc_api_error(err, &e, rc);
    }
    *out = r;
    return PRICER_OK;
}

void pricer_run_args_free(pricer_run_args *a)
{
    if (!a) return;
    pc_run_args_release(&a->a);
    free(a->config);
    free(a->rundir);
    free(a);
}

void pricer_run_args_info(const pricer_run_args *a, struct pricer_run_args_info *info)
{
    *info = (struct pricer_run_args_info){
        .config = a->config,
        .configs = a->a.configs,
        .rundir = a->rundir,
        .force = a->a.force,
        .dry_run = a->a.dry_run,
        .shard_k = a->a.shard_k,
        .shard_n = a->a.shard_n,
        .shards = a->a.shards,
        .verbosity = a->a.verbosity,
        .help = a->a.help,
        .help_config = a->a.help_config,
    };
}

int pricer_run_args_setting(const pricer_run_args *a, size_t i, const char *const **items,
                            size_t *n, const char **source, long *line)
{
    static const char *const sources[] = {"default", "config", "command line"};
    if (i >= a->a.cfg.nvals) return 0;
    const struct pc_runval *v = &a->a.cfg.vals[i];
    *items = (const char *const *)v->items;
    *n = v->n;
    *source = sources[v->source];
    *line = v->line;
    return 1;
}
