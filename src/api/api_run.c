/* Public API shim: pricer_run (include/pricer/run.h) over pipeline/pc_pipeline_run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "pipeline/pipeline.h"
#include "pricer/run.h"
#include "settings/settings.h"

int pricer_run(const char *config, const char *rundir, const char *const *keys,
               const char *const *values, size_t n, int force,
               const struct pricer_tokenizer_env *env, struct pricer_run_result *res,
               struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    if (res) memset(res, 0, sizeof *res);
    if (!rundir || !*rundir)
        return pc_api_error(err, &e, pc_error_set(&e, PC_EINVAL, "no run folder given"));
    struct pc_runcfg cfg;
    int rc = pc_runcfg_init(&cfg);
    if (rc) return pc_api_error(err, &e, pc_error_set(&e, rc, "out of memory"));
    if (config && *config) rc = pc_runcfg_load_file(&cfg, config, &e);
    for (size_t i = 0; i < n && !rc; i++) {
        char sec[64] = "";
        const char *key = keys[i], *dot = strchr(keys[i], '.');
        if (dot && (size_t)(dot - keys[i]) < sizeof sec) {
            memcpy(sec, keys[i], (size_t)(dot - keys[i]));
            sec[dot - keys[i]] = '\0';
            key = dot + 1;
        }
        int idx = pc_runopt_find(sec, key);
        if (idx < 0)
            rc = pc_error_set(&e, PC_EINVAL, "unknown setting '%s' (see pricer run --help-config)",
                              keys[i]);
        else
            rc = pc_runcfg_set(&cfg, idx, values[i], &e);
    }
    struct pc_tok_env te = {0};
    if (env) {
        te.tokenizer = env->tokenizer;
        te.hf_hub_cache = env->hf_hub_cache;
        te.hf_home = env->hf_home;
        te.home = env->home;
    }
    if (!rc) {
        struct pc_pipeline_opts o = {.rundir = rundir, .force = force, .tok_env = &te};
        struct pc_pipeline_result r = {0};
        struct pc_pipeline_hooks hooks = {0};
        rc = pc_pipeline_run(&cfg, &o, &hooks, &r, &e);
        if (!rc && res) {
            res->inputs = r.inputs;
            res->rows = r.rows;
            res->items = r.items;
            res->sample = r.sample;
            res->train = r.train;
            res->test = r.test;
            res->validation = r.validation;
            res->stages = r.stages;
            res->reused = r.reused;
            res->seconds = r.seconds;
        }
    }
    pc_runcfg_release(&cfg);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}
