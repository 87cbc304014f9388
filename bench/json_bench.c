/* JSON parse throughput of pricer's reader on a JSONL file, read into memory once and parsed
 * `rounds` times (one doc reused, as the workers do). Also times parse + Python-style
 * re-serialisation of `details` (SPEC §1.1 step 3). Prints "parse MB/s" and "parse+dump MB/s" (best
 * of 3). Usage: json_bench FILE [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pricer.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    int rounds = argc > 2 ? atoi(argv[2]) : 20;
    FILE *f = fopen(argv[1], "rb");
    if (!f) return 1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n);
    if (fread(text, 1, (size_t)n, f) != (size_t)n) return 1;
    fclose(f);
    struct pc_json_doc *doc = pc_json_doc_new();
    struct pc_buf out;
    pc_buf_init(&out, 0);
    /* best of 3 runs of each kind (the machine is shared), after one warm-up round */
    double best[2] = {0, 0};
    long lines = 0, bad = 0;
    for (int run = 0; run < 7; run++) {
        int pass = run == 0 ? 0 : (run - 1) % 2;
        int nr = run == 0 ? 1 : rounds;
        lines = bad = 0;
        double t0 = now();
        for (int r = 0; r < nr; r++) {
            char *p = text, *end = text + n;
            while (p < end) {
                char *nl = memchr(p, '\n', (size_t)(end - p));
                if (!nl) nl = end;
                const struct pc_json_val *root;
                if (pc_json_parse(doc, p, (size_t)(nl - p), &root, NULL) != PC_OK)
                    bad++;
                else if (pass == 1) {
                    const struct pc_json_val *d = pc_json_get(root, "details");
                    pc_buf_reset(&out);
                    if (d) pc_json_dump_py(&out, d);
                }
                lines++;
                p = nl + 1;
            }
        }
        double mbs = (double)n * nr / (now() - t0) / 1e6;
        if (run > 0 && mbs > best[pass]) best[pass] = mbs;
    }
    lines /= rounds;
    printf("parse %.1f %ld %ld\n", best[0], lines, bad / rounds);
    printf("parse+dump %.1f %ld %ld\n", best[1], lines, bad / rounds);
    pc_buf_release(&out);
    pc_json_doc_free(doc);
    free(text);
    return 0;
}
