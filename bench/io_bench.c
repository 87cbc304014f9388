/* Reading throughput of src/io: decompress + split into line batches (as the parser's reader
 * thread does), counting lines. Prints "<lines> <MB/s of decompressed bytes>".
 * Usage: io_bench FILE */
#include <stdio.h>
#include <time.h>

#include "pricer.h"

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pc_reader *r;
    struct pc_lines *ls;
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_reader_open(&r, argv[1], &err) || pc_lines_new(&ls, r, 0)) {
        fprintf(stderr, "io_bench: %s\n", err.message);
        return 1;
    }
    struct pc_line_batch b;
    pc_line_batch_init(&b);
    long lines = 0;
    int k;
    while ((k = pc_lines_fill(ls, &b, 2 << 20, 0, &err)) > 0) lines += k;
    if (k < 0) {
        fprintf(stderr, "io_bench: %s: %s\n", err.file, err.message);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("%ld %.1f\n", lines, (double)pc_reader_produced(r) / dt / 1e6);
    pc_line_batch_release(&b);
    pc_lines_free(ls);
    pc_reader_free(r);
    return 0;
}
