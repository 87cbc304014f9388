/* Line splitting over a pc_reader (SPEC §1.1 step 1): lines end at "\n", "\r\n" or a lone
 * "\r" (Python's universal newlines); the terminator is not part of the line. Lines are
 * numbered from 1; an empty line is still a line. A last line without terminator is a line;
 * nothing follows the final terminator.
 *
 * A line longer than max_line bytes is never buffered whole: it is skipped while streaming
 * and reported as a pc_line with too_long = 1 and its full length, so the caller can count
 * it ("line too long"). Memory: about max_line + 2 MiB, whatever the input.
 *
 * Two ways to consume lines:
 * - pc_lines_next: one line at a time, a view into the splitter's buffer (zero copy);
 * - pc_lines_fill: a batch of whole lines copied into a caller-owned pc_line_batch, which
 *   can then be handed to another thread (it shares nothing with the splitter).
 * A splitter is used by one thread at a time; it borrows its reader (free the splitter
 * first, then the reader). */
#ifndef PC_IO_LINES_H
#define PC_IO_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "io/reader.h"

#define PC_LINES_DEFAULT_MAX ((size_t)64 << 20) /* 64 MiB */

struct pc_line {
    const char *ptr; /* line bytes, NUL-terminated; NULL when too_long */
    size_t len;      /* bytes in the line (for too_long: its full length) */
    int64_t line_no; /* 1-based */
    uint64_t offset; /* offset of the first byte in the decompressed stream */
    int too_long;    /* 1: longer than max_line, content skipped */
};

struct pc_lines;

/* Creates a splitter over r (borrowed). max_line 0 = PC_LINES_DEFAULT_MAX. PC_ENOMEM. */
int pc_lines_new(struct pc_lines **out, struct pc_reader *r, size_t max_line);

/* Frees the splitter (not its reader). Accepts NULL. */
void pc_lines_free(struct pc_lines *ls);

/* Next line: returns 1 and fills *line (valid until the next call on ls), 0 at the end of
 * input, or a negative error from the reader (err filled, err->line_no = the line being
 * read). */
int pc_lines_next(struct pc_lines *ls, struct pc_line *line, struct pc_error *err);

/* One line of a batch: its bytes are data + off (NUL-terminated, len bytes), except for
 * too_long lines, which have no bytes (len = full length). */
struct pc_batch_line {
    uint64_t off;
    uint64_t len;
    int64_t line_no;
    uint64_t offset; /* in the decompressed stream */
    int too_long;
};

/* Caller-owned batch of whole lines. Init once, reuse across fills, release at the end. */
struct pc_line_batch {
    char *data;
    size_t data_len, data_cap;
    struct pc_batch_line *lines;
    size_t n, lines_cap;
    uint64_t seq; /* 0, 1, 2, ... in fill order: restores input order after parallel work */
};

void pc_line_batch_init(struct pc_line_batch *b);
void pc_line_batch_release(struct pc_line_batch *b);

/* Pointer to the bytes of line i of b (NULL for a too_long line). */
static inline const char *pc_line_batch_text(const struct pc_line_batch *b, size_t i)
{
    return b->lines[i].too_long ? NULL : b->data + b->lines[i].off;
}

/* Empties b and fills it with the next whole lines until their bytes reach max_bytes or
 * their count reaches max_lines (0 = no line cap); a single line larger than max_bytes is
 * still taken (alone). Sets b->seq. Returns the number of lines (0 = end of input) or a
 * negative error (lines read before the error stay in b). */
int pc_lines_fill(struct pc_lines *ls, struct pc_line_batch *b, size_t max_bytes, size_t max_lines,
                  struct pc_error *err);

/* The splitter's reader (for progress: pc_reader_consumed / pc_reader_size). */
struct pc_reader *pc_lines_reader(const struct pc_lines *ls);

#endif
