#include "pipe/source.h"

#include <string.h>

void pc_pipe_source_init(struct pc_pipe_source *s, const struct pc_parse_input *inputs, size_t n)
{
    memset(s, 0, sizeof *s);
    s->inputs = inputs;
    s->n = n;
}

void pc_pipe_source_release(struct pc_pipe_source *s)
{
    pc_lines_free(s->ls);
    s->ls = NULL;
}

/* Bytes of lines for the next batch of input `in` (see threads in source.h): the k-th batch
 * of the first input is at most PC_PIPE_BATCH_MIN << (k / threads); in the last input a
 * batch is at most an estimate of the bytes left over 2 * threads (guided scheduling). */
static size_t batch_bytes(const struct pc_pipe_source *s, const struct pc_parse_input *in)
{
    size_t full = PC_PIPE_BATCH_BYTES, n = full;
    if (s->threads <= 1) return full;
    uint64_t t = (uint64_t)s->threads;
    uint64_t step = s->filled / t;
    if (s->cur == 0 && step < 8) {
        size_t ramp = PC_PIPE_BATCH_MIN << step;
        if (ramp < n) n = ramp;
    }
    int64_t size = pc_reader_size(in->reader);
    uint64_t raw = pc_reader_consumed(in->reader);
    if (s->cur + 1 == s->n && size > 0) {
        uint64_t left = (uint64_t)size > raw ? (uint64_t)size - raw : 0;
        uint64_t out = pc_reader_produced(in->reader);
        if (raw && out > raw) left = (uint64_t)((double)left * (double)out / (double)raw);
        uint64_t guided = left / (2 * t);
        if (guided < n) n = guided < PC_PIPE_BATCH_MIN ? PC_PIPE_BATCH_MIN : (size_t)guided;
    }
    return n;
}

int pc_pipe_source_fill(struct pc_pipe_source *s, struct pc_pipe_batch *b, struct pc_error *err)
{
    while (s->cur < s->n) {
        const struct pc_parse_input *in = &s->inputs[s->cur];
        int rc;
        if (!s->ls && (rc = pc_lines_new(&s->ls, in->reader, s->max_line)) != PC_OK)
            return pc_error_set(err, rc, "cannot read '%s': %s", in->name, pc_strerror(rc));
        rc = pc_lines_fill(s->ls, &b->lines, batch_bytes(s, in), 0, err);
        if (rc < 0) {
            if (!err->file[0]) pc_error_at(err, in->name, 0, -1);
            if (err->line_no > 0) err->line_no += in->line_base;
            return rc;
        }
        for (size_t i = 0; in->line_base && rc > 0 && i < b->lines.n; i++)
            b->lines.lines[i].line_no += in->line_base;
        uint64_t pos = pc_reader_consumed(in->reader);
        if (rc > 0) {
            s->filled++;
            b->source = (int)s->cur;
            b->end_offset = s->base_pos + pos;
            return 1;
        }
        s->base_pos += pos;
        pc_lines_free(s->ls);
        s->ls = NULL;
        s->cur++;
    }
    return 0;
}
