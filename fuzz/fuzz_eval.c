/* Fuzz target for `pricer eval`'s readers of user files: the predictions file (JSONL price /
 * completion lines, or CSV with a quoted-field header, src/eval/dataset.c) read both as a
 * .csv and by content, and the test split (JSONL, or Parquet by its magic). Whatever the
 * bytes, loading must not crash or leak; a failure must say why, and a success must give as
 * many line numbers as guesses, increasing. The bytes go through a temporary file, as the
 * readers take paths. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pricer.h"

static void check(int ok)
{
    if (!ok) abort();
}

static int write_tmp(char *path, const uint8_t *data, size_t size)
{
    int fd = mkstemps(path, 4);
    if (fd < 0) return -1;
    int ok = write(fd, data, size) == (ssize_t)size;
    close(fd);
    return ok ? 0 : -1;
}

static void preds(const char *path)
{
    struct pc_eval_preds p;
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_eval_preds_load(&p, path, &err) == PC_OK) {
        for (size_t i = 1; i < p.n; i++) check(p.line[i] > p.line[i - 1]);
    } else {
        check(err.message[0] != 0);
    }
    pc_eval_preds_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char csv[] = "/tmp/pricer-fuzz-eval-XXXXXX.csv", jsonl[] = "/tmp/pricer-fuzz-eval-XXXXXX.jsn";
    if (write_tmp(csv, data, size) == 0) preds(csv);
    unlink(csv);
    if (write_tmp(jsonl, data, size) == 0) {
        preds(jsonl);
        struct pc_eval_set s;
        struct pc_error err;
        pc_error_clear(&err);
        if (pc_eval_set_load(&s, jsonl, PC_EVAL_LOAD_TEXT, &err) != PC_OK)
            check(err.message[0] != 0);
        pc_eval_set_release(&s);
    }
    unlink(jsonl);
    return 0;
}
