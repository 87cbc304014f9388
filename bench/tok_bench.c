/* In-process tokenizer throughput for bench/tok_bench.sh: loads a tokenizer once, reads a
 * {"text": ...} JSONL corpus, encodes every document `rounds` times (one thread; the first
 * round is the cold-cache round), prints "MB/s_cold MB/s_best tokens seconds" (per CPU second
 * of the encoding thread) and writes the
 * ids of each document (one "[1, 2]" line each) to ids_out. Usage:
 *   tok_bench TOKENIZER CORPUS.jsonl IDS_OUT [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json/json.h"
#include "tok/tok.h"

/* Thread CPU time: on a shared machine wall time mostly measures the other processes. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 4) return fprintf(stderr, "usage: tok_bench TOKENIZER CORPUS IDS_OUT [ROUNDS]\n"), 2;
    int rounds = argc > 4 ? atoi(argv[4]) : 3;
    struct pc_error err;
    struct pc_tok *tok;
    if (pc_tok_load(argv[1], &tok, &err)) return fprintf(stderr, "%s\n", err.message), 1;
    FILE *f = fopen(argv[2], "rb");
    if (!f) return perror(argv[2]), 1;
    size_t cap = 0, ndocs = 0, dcap = 0, total = 0;
    char *line = NULL;
    ssize_t k;
    char **docs = NULL;
    size_t *lens = NULL;
    struct pc_json_doc *doc = pc_json_doc_new();
    while ((k = getline(&line, &cap, f)) > 0) {
        const struct pc_json_val *root, *t;
        if (pc_json_parse(doc, line, (size_t)k, &root, &err) || !(t = pc_json_get(root, "text")))
            return fprintf(stderr, "bad line %zu\n", ndocs + 1), 1;
        if (ndocs == dcap) {
            dcap = dcap ? dcap * 2 : 1024;
            docs = realloc(docs, dcap * sizeof *docs);
            lens = realloc(lens, dcap * sizeof *lens);
        }
        docs[ndocs] = malloc(t->len + 1);
        memcpy(docs[ndocs], t->u.str, t->len);
        lens[ndocs++] = t->len;
        total += t->len;
    }
    fclose(f);
    struct pc_tok_scratch *s = pc_tok_scratch_new();
    struct pc_ids ids = {0};
    double cold = 0, warm = 1e9;
    size_t ntok = 0;
    FILE *o = fopen(argv[3], "w");
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        ntok = 0;
        for (size_t i = 0; i < ndocs; i++) {
            ids.len = 0;
            if (pc_tok_encode(tok, s, docs[i], lens[i], &ids))
                return fprintf(stderr, "encode failed\n"), 1;
            ntok += ids.len;
        }
        double dt = now() - t0;
        if (r == 0)
            cold = dt;
        else if (dt < warm)
            warm = dt;
    }
    for (size_t i = 0; o && i < ndocs; i++) {
        ids.len = 0;
        pc_tok_encode(tok, s, docs[i], lens[i], &ids);
        fputc('[', o);
        for (size_t j = 0; j < ids.len; j++) fprintf(o, j ? ", %u" : "%u", ids.ids[j]);
        fputs("]\n", o);
    }
    if (o) fclose(o);
    if (rounds < 2) warm = cold;
    printf("%.1f %.1f %zu %.4f\n", total / 1e6 / cold, total / 1e6 / warm, ntok, warm);
    return 0;
}
