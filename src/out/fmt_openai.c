/* Format "openai": DIR/openai_train.jsonl (train[:200]) and DIR/openai_validation.jsonl
 * (train[200:250]), OpenAI chat fine-tune lines (SPEC §6.2), joined by "\n" with none
 * after the last, as the reference wrote them. Only the train split feeds them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/atomic.h"
#include "out/export.h"
#include "out/formats.h"

struct pc_writer {
    const char *dir;
    size_t n_train, n_val; /* wanted */
    size_t row;            /* rows seen */
    struct pc_buf buf[2];  /* train, validation */
    size_t lines[2];
};

static int openai_open(struct pc_writer **out, const char *dir, const char *split,
                       const struct pc_export_opts *o, struct pc_error *err)
{
    *out = NULL;
    if (strcmp(split, "train") != 0) return PC_OK;
    struct pc_writer *w = calloc(1, sizeof *w);
    if (!w) return pc_error_set(err, PC_ENOMEM, "out of memory");
    w->dir = dir;
    w->n_train = o->openai_train;
    w->n_val = o->openai_validation;
    pc_buf_init(&w->buf[0], 0);
    pc_buf_init(&w->buf[1], 0);
    *out = w;
    return PC_OK;
}

static int openai_write(struct pc_writer *w, const struct pc_row *r, struct pc_error *err)
{
    size_t i = w->row++;
    int k = i < w->n_train ? 0 : i - w->n_train < w->n_val ? 1 : -1;
    if (k < 0) return PC_OK;
    int rc = w->lines[k] ? pc_buf_putc(&w->buf[k], '\n') : PC_OK;
    if (!rc) rc = pc_openai_put_line(&w->buf[k], r->test_prompt, r->test_prompt_len, r->price);
    if (rc) return pc_error_set(err, rc, "%s", pc_strerror(rc));
    w->lines[k]++;
    return PC_OK;
}

static void openai_abort(struct pc_writer *w)
{
    if (!w) return;
    pc_buf_release(&w->buf[0]);
    pc_buf_release(&w->buf[1]);
    free(w);
}

static int openai_commit(struct pc_writer *w, uint64_t *bytes, struct pc_error *err)
{
    const char *names[2] = {"openai_train.jsonl", "openai_validation.jsonl"};
    int rc = PC_OK;
    for (int k = 0; k < 2 && !rc; k++) {
        char *path = pc_out_join(w->dir, names[k]);
        rc = path ? pc_out_write_file(path, &w->buf[k], err)
                  : pc_error_set(err, PC_ENOMEM, "out of memory");
        free(path);
        if (!rc) *bytes += w->buf[k].len;
    }
    openai_abort(w);
    return rc;
}

const struct pc_format pc_format_openai = {
    .name = "openai",
    .help = "DIR/openai_train.jsonl, DIR/openai_validation.jsonl (chat fine-tune lines)",
    .open = openai_open,
    .write = openai_write,
    .commit = openai_commit,
    .abort = openai_abort,
};
