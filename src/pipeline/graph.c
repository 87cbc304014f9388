/* The stage graph of a run: every stage's equivalent single-stage command (recorded and
 * fingerprinted), its inputs' and outputs' names, and the order they run in (the bodies are
 * in stages.c, the runner and run.json in pipeline.c). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/pipeline_int.h"
#include "pipeline/stage_opts.h"

static int pushf(struct pc_strlist *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int pushf(struct pc_strlist *a, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return pc_strlist_push(a, buf);
}

/* Appends the options of settings section `section` (only those not at their default). */
static void push_stage_args(const struct pc_runcfg *c, int section, struct pc_strlist *a)
{
    struct pc_buf b;
    pc_buf_init(&b, 0);
    int n = pc_runcfg_stage_args(c, section, &b);
    const char *p = b.data;
    for (int i = 0; i < n; i++) {
        pc_strlist_push(a, p);
        p += strlen(p) + 1;
    }
    pc_buf_release(&b);
}

void pl_tok_setup(struct pl_ctx *x, char *tok_id, size_t n)
{
    const char *spec = pc_runcfg_str(x->cfg, pc_runopt_find("", "tokenizer"));
    if (!*spec && x->o->tok_env && x->o->tok_env->tokenizer) spec = x->o->tok_env->tokenizer;
    snprintf(x->tok_spec, sizeof x->tok_spec, "%s", spec);
    pc_run_tokenizer_identity(x->tok_spec, tok_id, n);
}

void pl_parse_argv(const struct pl_ctx *x, int i, struct pc_strlist *argv)
{
    const char *R = x->rundir, *it = x->in[i].items;
    pc_strlist_push(argv, "parse");
    push_stage_args(x->cfg, PC_RUN_PARSE, argv);
    pc_strlist_push(argv, "--stats");
    pushf(argv, "%s/%.*s.stats.json", R, (int)strlen(it) - 6, it);
    pc_strlist_push(argv, "-o");
    pushf(argv, "%s/%s", R, it);
    pc_strlist_push(argv, x->in[i].path);
}

/* ---- the graph ---- */

static void stage_release(struct pl_stage *s)
{
    pc_strlist_release(&s->argv);
    free(s->inputs);
}

int pl_run_graph(struct pl_ctx *x, struct pc_error *err)
{
    const struct pc_runcfg *c = x->cfg;
    const char *R = x->rundir;
    int n = x->nin;
    int do_inv = pc_runcfg_bool(c, pc_runopt_find("", "investigate"));
    int do_rep = pc_runcfg_bool(c, pc_runopt_find("", "report"));
    int do_ass = pc_runcfg_bool(c, pc_runopt_find("", "assess"));
    int rep_raw = pc_runcfg_bool(c, pc_runopt_find("", "report_raw"));
    x->stage_total = do_inv + n + 2 + do_rep + do_ass;
    char tok_id[9000];
    pl_tok_setup(x, tok_id, sizeof tok_id);
    struct pc_item_opts io;
    int rc = pc_stage_item_opts(c, &io, err);
    if (rc) return rc;

    /* stage records: the equivalent single-stage commands, with the final paths */
    struct pl_stage inv = {.name = "investigate"}, cur = {.name = "curate"},
                    spl = {.name = "split"}, rep = {.name = "report"}, ass = {.name = "assess"};
    struct pl_stage *parse = calloc((size_t)n + 1, sizeof *parse);
    char(*items_h)[65] = calloc((size_t)n + 1, sizeof *items_h);
    char sample_h[65] = "", **ds_h = NULL;
    char(*names)[300] = calloc((size_t)n + 1, sizeof *names);
    char(*outs)[3][540] = calloc((size_t)n + 1, sizeof *outs);
    char(*raw_h)[65] = calloc((size_t)n + 1, sizeof *raw_h);
    if (!parse || !items_h || !names || !outs || !raw_h) {
        free(raw_h);
        free(parse);
        free(items_h);
        free(names);
        free(outs);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    pc_strlist_push(&inv.argv, "investigate");
    pc_strlist_push(&inv.argv, "--json");
    {
        /* investigate measures against the parse windows when they are not the default */
        struct pc_inv_opts d;
        pc_inv_opts_init(&d);
        if (io.min_price != d.min_price)
            pushf(&inv.argv, "--min-price"),
                pc_strlist_push(&inv.argv, pc_runcfg_str(c, pc_runopt_find("parse", "min_price")));
        if (io.max_price != d.max_price)
            pushf(&inv.argv, "--max-price"),
                pc_strlist_push(&inv.argv, pc_runcfg_str(c, pc_runopt_find("parse", "max_price")));
        if (io.min_chars != d.min_chars)
            pushf(&inv.argv, "--min-chars"), pushf(&inv.argv, "%zu", io.min_chars);
    }
    for (int i = 0; i < n; i++) pc_strlist_push(&inv.argv, x->in[i].path);
    inv.stdout_to = "investigate.json";
    inv.outputs[inv.noutputs++] = "investigate.json";
    inv.run = pl_run_investigate;
    inv.inputs = calloc((size_t)n + 1, sizeof *inv.inputs);
    for (int i = 0; inv.inputs && i < n; i++) inv.inputs[i] = raw_h[i];
    inv.ninputs = (size_t)n;

    for (int i = 0; i < n; i++) {
        struct pl_stage *p = &parse[i];
        const char *it = x->in[i].items;
        snprintf(names[i], sizeof names[i], "parse:%.*s", (int)strlen(it) - 12, it + 6);
        p->name = names[i];
        pl_parse_argv(x, i, &p->argv);
        p->inputs = calloc(4, sizeof *p->inputs);
        if (p->inputs) {
            p->inputs[0] = x->in[i].sha256;
            p->inputs[1] = tok_id;
            /* what the stage writes besides the items (run folders of earlier versions had
             * no .raw.json: their parse records must not be reused) */
            p->inputs[2] = (char *)PL_PARSE_OUTPUTS;
        }
        p->ninputs = 3;
        snprintf(outs[i][0], sizeof outs[i][0], "%s", it);
        snprintf(outs[i][1], sizeof outs[i][1], "?%.*s.stats.json", (int)strlen(it) - 6, it);
        snprintf(outs[i][2], sizeof outs[i][2], "%.*s.raw.json", (int)strlen(it) - 6, it);
        p->outputs[0] = outs[i][0];
        p->outputs[1] = outs[i][1];
        p->outputs[2] = outs[i][2];
        p->noutputs = 3;
        p->run = pl_run_parse;
        p->arg = i;
    }
    pc_strlist_push(&cur.argv, "curate");
    push_stage_args(c, PC_RUN_CURATE, &cur.argv);
    /* --dedup: what it removed goes into run.json through the curate stats file */
    int dedup = strcmp(pc_runcfg_str(c, pc_runopt_find("curate", "dedup")), "off") != 0;
    if (dedup) {
        pc_strlist_push(&cur.argv, "--stats");
        pushf(&cur.argv, "%s/sample.stats.json", R);
        cur.arg = 1;
    }
    for (int i = 0; i < n; i++) pushf(&cur.argv, "%s/%s", R, x->in[i].items);
    pc_strlist_push(&cur.argv, "-o");
    pushf(&cur.argv, "%s/sample.jsonl", R);
    cur.outputs[cur.noutputs++] = "sample.jsonl";
    if (dedup) cur.outputs[cur.noutputs++] = "sample.stats.json";
    cur.run = pl_run_curate;
    cur.inputs = calloc((size_t)n + 1, sizeof *cur.inputs);
    for (int i = 0; cur.inputs && i < n; i++) cur.inputs[i] = items_h[i];
    cur.ninputs = (size_t)n;

    pc_strlist_push(&spl.argv, "split");
    push_stage_args(c, PC_RUN_SPLIT, &spl.argv);
    pushf(&spl.argv, "%s/sample.jsonl", R);
    pc_strlist_push(&spl.argv, "-o");
    pushf(&spl.argv, "%s/dataset", R);
    spl.outputs[spl.noutputs++] = "dataset";
    spl.run = pl_run_split;
    spl.inputs = calloc(2, sizeof *spl.inputs);
    if (spl.inputs) spl.inputs[0] = sample_h;
    spl.ninputs = 1;

    pc_strlist_push(&rep.argv, "report");
    for (int i = 0; i < n && rep_raw; i++) {
        pc_strlist_push(&rep.argv, "--raw");
        pc_strlist_push(&rep.argv, x->in[i].path);
    }
    for (int i = 0; i < n; i++) {
        pc_strlist_push(&rep.argv, "--items");
        pushf(&rep.argv, "%s/%s", R, x->in[i].items);
    }
    pc_strlist_push(&rep.argv, "--sample");
    pushf(&rep.argv, "%s/sample.jsonl", R);
    pc_strlist_push(&rep.argv, "--split");
    pushf(&rep.argv, "%s/dataset", R);
    pc_strlist_push(&rep.argv, "-o");
    pushf(&rep.argv, "%s/report.html", R);
    rep.outputs[rep.noutputs++] = "report.html";
    rep.outputs[rep.noutputs++] = "?report_files";
    rep.run = pl_run_report;

    pc_strlist_push(&ass.argv, "assess");
    pc_strlist_push(&ass.argv, "--json");
    pushf(&ass.argv, "%s/dataset", R);
    ass.stdout_to = "assess.json";
    ass.outputs[ass.noutputs++] = "assess.json";
    ass.run = pl_run_assess;

    if (!inv.inputs || !cur.inputs || !spl.inputs)
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < n; i++)
        if (!parse[i].inputs) rc = pc_error_set(err, PC_ENOMEM, "out of memory");

    if (!rc && x->o->dry_run) {
        /* the stage commands only */
        struct pl_stage *all[] = {NULL, &inv, &cur, &spl, &rep, &ass};
        int on[] = {0, do_inv, 1, 1, do_rep, do_ass};
        for (int s = 0; s < 6; s++) {
            if (s == 0)
                for (int i = 0; i < n; i++) {
                    x->stage_no++;
                    if (x->h && x->h->stage_start) {
                        struct pc_buf b;
                        pc_buf_init(&b, 0);
                        pl_put_cmdline(&b, &parse[i].argv);
                        x->h->stage_start(x->h->user, x->stage_no, x->stage_total, parse[i].name,
                                          b.data, 0);
                        pc_buf_release(&b);
                    }
                }
            if (!on[s]) continue;
            x->stage_no++;
            if (x->h && x->h->stage_start) {
                struct pc_buf b;
                pc_buf_init(&b, 0);
                pl_put_cmdline(&b, &all[s]->argv);
                if (all[s]->stdout_to) pc_buf_printf(&b, " > %s/%s", R, all[s]->stdout_to);
                x->h->stage_start(x->h->user, x->stage_no, x->stage_total, all[s]->name, b.data, 0);
                pc_buf_release(&b);
            }
        }
        goto done;
    }

    struct pc_run_stage *st = NULL;
    for (int i = 0; !rc && i < n; i++) {
        rc = pl_run_stage(x, &parse[i], &st, err);
        if (rc) break;
        if (x->o->shards && st->status == PC_STAGE_REUSED) pl_shard_records_reused(x, i);
        x->totals_v.items += pl_count_of(st, "items");
        x->totals_v.rows += pl_count_of(st, "total.rows");
        memcpy(items_h[i], st->outputs[0].sha256, 65);
        for (size_t k = 0; k < st->noutputs; k++)
            if (!strcmp(st->outputs[k].path, outs[i][2]))
                memcpy(raw_h[i], st->outputs[k].sha256, 65);
    }
    /* investigate: from the statistics the parse pass gathered (no second read) */
    if (!rc && do_inv) rc = pl_run_stage(x, &inv, &st, err);
    /* -j > 1: the report's items part reads the parse outputs during curate and split */
    if (!rc && do_rep) pl_ahead_start(x, &cur);
    if (!rc) rc = pl_run_stage(x, &cur, &st, err);
    if (!rc) {
        x->totals_v.sample = pl_count_of(st, "items");
        memcpy(sample_h, st->outputs[0].sha256, 65);
        rc = pl_run_stage(x, &spl, &st, err);
    }
    size_t nds = 0;
    if (!rc) {
        x->totals_v.train = pl_count_of(st, "train");
        x->totals_v.test = pl_count_of(st, "test");
        x->totals_v.validation = pl_count_of(st, "validation");
        /* the dataset's own fingerprint: hashes of every file it holds */
        ds_h = calloc(st->noutputs + 1, sizeof *ds_h);
        if (!ds_h) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        for (size_t k = 0; ds_h && k < st->noutputs; k++)
            if (!(ds_h[nds++] = strdup(st->outputs[k].sha256)))
                rc = pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    if (!rc && do_rep) {
        rep.inputs = calloc((size_t)n * 2 + nds + 2, sizeof *rep.inputs);
        if (!rep.inputs) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        for (int i = 0; !rc && rep_raw && i < n; i++) rep.inputs[rep.ninputs++] = raw_h[i];
        for (int i = 0; !rc && i < n; i++) rep.inputs[rep.ninputs++] = items_h[i];
        if (!rc) rep.inputs[rep.ninputs++] = sample_h;
        for (size_t k = 0; !rc && k < nds; k++) rep.inputs[rep.ninputs++] = ds_h[k];
        if (!rc) rc = pl_run_stage(x, &rep, &st, err);
    }
    if (!rc && do_ass) {
        ass.inputs = calloc(nds + 1, sizeof *ass.inputs);
        if (!ass.inputs) rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        for (size_t k = 0; !rc && k < nds; k++) ass.inputs[ass.ninputs++] = ds_h[k];
        if (!rc) rc = pl_run_stage(x, &ass, &st, err);
    }
    if (!rc) {
        struct pc_buf t;
        pc_buf_init(&t, 0);
        pc_buf_printf(
            &t,
            "\"counts\": {\"inputs\": %d, \"rows\": %llu, \"items\": %llu, \"sample\": %llu, "
            "\"train\": %llu, \"test\": %llu, \"validation\": %llu}",
            n, (unsigned long long)x->totals_v.rows, (unsigned long long)x->totals_v.items,
            (unsigned long long)x->totals_v.sample, (unsigned long long)x->totals_v.train,
            (unsigned long long)x->totals_v.test, (unsigned long long)x->totals_v.validation);
        x->totals = pc_buf_detach(&t, NULL);
    }
done:
    for (size_t k = 0; ds_h && k < nds; k++) free(ds_h[k]);
    free(ds_h);
    stage_release(&inv);
    for (int i = 0; i < n; i++) stage_release(&parse[i]);
    stage_release(&cur);
    stage_release(&spl);
    stage_release(&rep);
    stage_release(&ass);
    free(parse);
    free(items_h);
    free(names);
    free(outs);
    free(raw_h);
    return rc;
}
