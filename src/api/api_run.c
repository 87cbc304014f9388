/* Public API shim: pricer_run, pricer_run_ex, pricer_run_plan, pricer_run_shard
 * (include/pricer/run.h) over pipeline/pc_pipeline_run, pc_pipeline_plan, pc_pipeline_shard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "pipeline/pipeline.h"
#include "pricer/run.h"
#include "settings/settings.h"

/* Index of a key: "section.key", a top-level key, or the one stage key of that name. */
static int find_key(const char *full, struct pc_error *e)
{
    const char *dot = strchr(full, '.');
    int idx = pc_runopt_find_dotted(full);
    if (idx < 0 && !dot) {
        int found = 0;
        for (int s = 1; s < PC_RUN_NSECTION; s++) {
            int k = pc_runopt_find(pc_run_section_name(s), full);
            if (k >= 0) idx = k, found++;
        }
        if (found > 1)
            return pc_error_set(e, PC_EINVAL,
                                "setting '%s' is in several sections: name it SECTION.%s", full,
                                full);
    }
    if (idx < 0)
        return pc_error_set(e, PC_EINVAL, "unknown setting '%s' (see pricer run --help-config)",
                            full);
    return idx;
}

/* The configuration of o (cfg initialised here; released by the caller on success). */
static int load_cfg(const struct pricer_run_options *o, struct pc_runcfg *cfg, struct pc_error *e)
{
    if (!o || !o->rundir || !*o->rundir) return pc_error_set(e, PC_EINVAL, "no run folder given");
    int rc = pc_runcfg_init(cfg);
    if (rc) return pc_error_set(e, rc, "out of memory");
    if (o->config && *o->config) rc = pc_runcfg_load_file(cfg, o->config, e);
    for (size_t i = 0; i < o->n && !rc; i++) {
        int idx = find_key(o->keys[i], e);
        rc = idx < 0 ? idx : pc_runcfg_set(cfg, idx, o->values[i], e);
    }
    if (rc) pc_runcfg_release(cfg);
    return rc;
}

static void tok_env_of(const struct pricer_run_options *o, struct pc_tok_env *te)
{
    memset(te, 0, sizeof *te);
    if (o->env) {
        te->tokenizer = o->env->tokenizer;
        te->hf_hub_cache = o->env->hf_hub_cache;
        te->hf_home = o->env->hf_home;
        te->home = o->env->home;
    }
}

int pricer_run_ex(const struct pricer_run_options *o, struct pricer_run_result *res,
                  struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    if (res) memset(res, 0, sizeof *res);
    struct pc_runcfg cfg;
    int rc = load_cfg(o, &cfg, &e);
    if (rc) return pc_api_error(err, &e, rc);
    struct pc_tok_env te;
    tok_env_of(o, &te);
    struct pc_pipeline_opts po = {.rundir = o->rundir,
                                  .force = o->force,
                                  .tok_env = &te,
                                  .shards = o->shards,
                                  .worker = o->worker,
                                  .argv = (char *const *)o->argv,
                                  .argc = o->argc};
    struct pc_pipeline_result r = {0};
    struct pc_pipeline_hooks hooks = {0};
    rc = pc_pipeline_run(&cfg, &po, &hooks, &r, &e);
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
    pc_runcfg_release(&cfg);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

int pricer_run(const char *config, const char *rundir, const char *const *keys,
               const char *const *values, size_t n, int force,
               const struct pricer_tokenizer_env *env, struct pricer_run_result *res,
               struct pricer_error *err)
{
    struct pricer_run_options o = {.config = config,
                                   .rundir = rundir,
                                   .keys = keys,
                                   .values = values,
                                   .n = n,
                                   .force = force,
                                   .env = env};
    return pricer_run_ex(&o, res, err);
}

int pricer_run_plan(const struct pricer_run_options *o, struct pricer_run_plan *plan,
                    struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    memset(plan, 0, sizeof *plan);
    struct pc_runcfg cfg;
    int rc = load_cfg(o, &cfg, &e);
    if (rc) return pc_api_error(err, &e, rc);
    struct pc_pipeline_opts po = {.rundir = o->rundir};
    struct pc_pipeline_plan p;
    rc = pc_pipeline_plan(&cfg, &po, &p, &e);
    if (!rc) {
        plan->n = p.n;
        plan->paths = p.paths;
        plan->categories = p.categories;
        plan->names = p.names;
        plan->sizes = p.sizes;
    }
    pc_runcfg_release(&cfg);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

void pricer_run_plan_free(struct pricer_run_plan *plan)
{
    if (!plan) return;
    struct pc_pipeline_plan p = {plan->n, plan->paths, plan->categories, plan->names, plan->sizes};
    pc_pipeline_plan_free(&p);
    memset(plan, 0, sizeof *plan);
}

int pricer_run_shard(const struct pricer_run_options *o, int input, unsigned k, unsigned n,
                     struct pricer_shard_result *res, struct pricer_error *err)
{
    struct pc_error e;
    pc_error_clear(&e);
    if (res) memset(res, 0, sizeof *res);
    struct pc_runcfg cfg;
    int rc = load_cfg(o, &cfg, &e);
    if (rc) return pc_api_error(err, &e, rc);
    struct pc_tok_env te;
    tok_env_of(o, &te);
    struct pc_pipeline_opts po = {
        .rundir = o->rundir, .force = o->force, .tok_env = &te, .worker = o->worker};
    struct pc_pipeline_shard_result r;
    rc = pc_pipeline_shard(&cfg, &po, input, k, n, NULL, &r, &e);
    if (!rc && res) {
        res->reused = r.reused;
        res->bytes = r.bytes;
        res->items_bytes = r.items_bytes;
        res->items = r.items;
        res->rows = r.rows;
        res->seconds = r.seconds;
    }
    pc_runcfg_release(&cfg);
    return rc ? pc_api_error(err, &e, rc) : PRICER_OK;
}

int pricer_run_setting(size_t i, const char **section, const char **key, const char **type)
{
    static const char *const types[] = {"text", "path", "integer", "number",
                                        "bool", "list", "paths",   "map"};
    if (i >= pc_runopt_count()) return 0;
    const struct pc_runopt_def *d = &pc_runopt_defs[i];
    *section = pc_run_section_name(d->section);
    *key = d->key;
    *type = types[d->type];
    return 1;
}
