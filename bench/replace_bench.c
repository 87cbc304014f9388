/* Throughput of the two fused str.replace chains of the item rules: the 13 REMOVALS on
 * json.dumps(details) strings (pc_item_removals) and transformers' clean-up on text
 * (pc_tok_cleanup), one string per line of each file, CPU time, best of 3.
 * usage: replace_bench DETAILS_FILE TEXT_FILE ROUNDS -> "removals MB/s" and "cleanup MB/s". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "item/item.h"
#include "tok/tok.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    if (b && fread(b, 1, (size_t)len, f) != (size_t)len) len = 0;
    fclose(f);
    *n = (size_t)len;
    return b;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) return 2;
    size_t dn, tn;
    char *d = slurp(argv[1], &dn), *t = slurp(argv[2], &tn);
    int rounds = atoi(argv[3]);
    if (!d || !t || rounds < 1) return 1;
    char *work = malloc(dn + 1);
    struct pc_buf out;
    pc_buf_init(&out, 0);
    double best_r = 1e9, best_c = 1e9;
    size_t sink = 0;
    for (int k = 0; k < 3; k++) {
        double t0 = now();
        for (int r = 0; r < rounds; r++) {
            memcpy(work, d, dn);
            for (char *p = work, *e = work + dn; p < e;) { /* line by line, as the parser does */
                char *nl = memchr(p, '\n', (size_t)(e - p));
                size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);
                sink += pc_item_removals(p, len);
                p += len + 1;
            }
        }
        double t1 = now();
        for (int r = 0; r < rounds; r++) {
            for (const char *p = t, *e = t + tn; p < e;) {
                const char *nl = memchr(p, '\n', (size_t)(e - p));
                size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);
                pc_buf_reset(&out);
                if (pc_tok_cleanup(p, len, &out) != PC_OK) return 1;
                sink += out.len;
                p += len + 1;
            }
        }
        double t2 = now();
        if (t1 - t0 < best_r) best_r = t1 - t0;
        if (t2 - t1 < best_c) best_c = t2 - t1;
    }
    printf("removals %.1f\ncleanup %.1f\n", (double)dn * rounds / best_r / 1e6,
           (double)tn * rounds / best_c / 1e6);
    fprintf(stderr, "(checksum %zu)\n", sink);
    pc_buf_release(&out);
    free(work);
    free(d);
    free(t);
    return 0;
}
