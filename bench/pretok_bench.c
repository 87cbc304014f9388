/* Pre-tokenizer throughput (thread CPU time, best of 5, so other load on the machine matters
 * less): splits a file (read whole, repeated to >= 32 MB) with one scanner
 * kind and prints "<kind> <MB/s> <pieces>". Usage: pretok_bench FILE [kind...]
 * Built and run by bench/pretok_bench.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tok/pretok.h"

static int count_piece(void *ctx, size_t off, size_t len)
{
    (void)off;
    (void)len;
    ++*(size_t *)ctx;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pretok_bench FILE [llama3|qwen2|o200k|gpt2...]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    size_t cap = 1 << 20, n = 0, got;
    char *src = malloc(cap);
    while ((got = fread(src + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) src = realloc(src, cap *= 2);
    }
    fclose(f);
    size_t reps = (32u << 20) / (n ? n : 1) + 1, total = n * reps;
    char *buf = malloc(total);
    for (size_t r = 0; r < reps; r++) memcpy(buf + r * n, src, n);
    static const struct {
        const char *name;
        enum pc_pretok_kind kind;
    } kinds[] = {{"llama3", PC_PRETOK_LLAMA3},
                 {"qwen2", PC_PRETOK_QWEN2},
                 {"o200k", PC_PRETOK_O200K},
                 {"gpt2", PC_PRETOK_GPT2}};
    for (int a = 2; a < argc || a == 2; a++) {
        const char *want = a < argc ? argv[a] : "llama3";
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            if (strcmp(want, kinds[k].name) != 0) continue;
            double best = 1e9;
            size_t pieces = 0;
            for (int run = 0; run < 5; run++) {
                struct timespec t0, t1;
                pieces = 0;
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
                /* Split line by line, as the tokenizer sees documents. */
                size_t i = 0;
                while (i < total) {
                    char *nl = memchr(buf + i, '\n', total - i);
                    size_t e = nl ? (size_t)(nl - buf) + 1 : total;
                    pc_pretok_split(kinds[k].kind, buf + i, e - i, count_piece, &pieces);
                    i = e;
                }
                clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
                double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
                if (s < best) best = s;
            }
            printf("%s %.1f %zu\n", kinds[k].name, total / best / 1e6, pieces);
        }
    }
    free(buf);
    free(src);
    return 0;
}
