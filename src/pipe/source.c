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

int pc_pipe_source_fill(struct pc_pipe_source *s, struct pc_pipe_batch *b, struct pc_error *err)
{
    while (s->cur < s->n) {
        const struct pc_parse_input *in = &s->inputs[s->cur];
        int rc;
        if (!s->ls && (rc = pc_lines_new(&s->ls, in->reader, s->max_line)) != PC_OK)
            return pc_error_set(err, rc, "cannot read '%s': %s", in->name, pc_strerror(rc));
        rc = pc_lines_fill(s->ls, &b->lines, PC_PIPE_BATCH_BYTES, 0, err);
        if (rc < 0) {
            if (!err->file[0]) pc_error_at(err, in->name, 0, -1);
            if (err->line_no > 0) err->line_no += in->line_base;
            return rc;
        }
        for (size_t i = 0; in->line_base && rc > 0 && i < b->lines.n; i++)
            b->lines.lines[i].line_no += in->line_base;
        uint64_t pos = pc_reader_consumed(in->reader);
        if (rc > 0) {
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
