/* Reading items JSONL (docs/formats.md; `pricer parse` output, `pricer curate` input and
 * output): one line -> the fields curate and split need, and a byte index of a whole file so
 * later stages can copy or re-read selected lines by offset instead of holding prompts in
 * memory. */
#ifndef PC_CURATE_ITEMS_H
#define PC_CURATE_ITEMS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "json/json.h"

/* The fields of one items line. Strings are views into the pc_json_doc the line was parsed
 * with (valid until its next parse), NUL-terminated, UTF-8. */
struct pc_item_view {
    const char *category;
    size_t category_len;
    double price;
    const char *prompt;
    size_t prompt_len;
    const char *test_prompt;
    size_t test_prompt_len;
    const char *title, *parent_asin; /* NULL when missing, null or not a string */
    size_t title_len, parent_asin_len;
};

/* Parses one items line line[0..len) (without its newline) with doc. Keys are looked up by
 * name; unknown keys are ignored. Required: "category" (string), "price" (finite number),
 * "prompt" (string), "test_prompt" (string). PC_EFORMAT with err->message naming the problem
 * ("invalid JSON: ...", "missing \"price\"", "\"price\" is not a finite number") and
 * err->byte_offset within the line for JSON syntax errors. */
int pc_items_parse_line(struct pc_json_doc *doc, const char *line, size_t len,
                        struct pc_item_view *out, struct pc_error *err);

/* One line of an indexed file: where it is, and what curate needs to know about it. */
struct pc_line_ref {
    uint64_t offset; /* byte offset of the line in its file */
    uint32_t len;    /* bytes, without the line ending */
    uint16_t file;   /* index of the file in the caller's list */
    uint16_t cat;    /* category id (pc_items_index.cats), 0xffff when not recorded */
    double price;
};

/* Index of one or more items files read in order. Owns refs and the category names. */
struct pc_items_index {
    struct pc_line_ref *refs;
    size_t n, cap;
    char **cats; /* distinct categories in order of first appearance */
    size_t n_cats;
    uint64_t bytes_read;
    uint64_t blank_lines; /* empty lines, skipped */
    size_t jobs;          /* threads for indexing (set after init); 0 = one per core */
    int group_by;         /* enum pc_group_by (curate/group.h), set after init: also fill keys */
    uint64_t *keys;       /* group_by != 0: pc_group_key of every ref (parallel to refs) */
};

/* Called now and then while indexing (may be NULL): bytes read so far of all files, their
 * total size (0 when unknown), lines indexed so far. */
typedef void (*pc_items_progress_fn)(void *ud, uint64_t done_bytes, uint64_t total_bytes,
                                     uint64_t lines);

void pc_items_index_init(struct pc_items_index *ix);
void pc_items_index_release(struct pc_items_index *ix);

/* Fills the empty out with the index of a copy of ix's lines refs[sel[0..n)], written one
 * after the other (each followed by "\n") into one file: file 0, consecutive offsets,
 * categories numbered in order of first appearance, and the keys too when keys is set (and
 * ix has them). PC_ENOMEM (release out in every case). */
int pc_items_index_copy(const struct pc_items_index *ix, const uint32_t *sel, size_t n, int keys,
                        struct pc_items_index *out);

/* Reads the items files paths[0..n_paths) (regular files; n_paths <= 65535) one after the
 * other and appends one pc_line_ref per non-empty line (lines end in "\n"; a last line
 * without it counts). Every line is parsed and checked with pc_items_parse_line; the first
 * bad line stops indexing with PC_EFORMAT and err naming file, line number and problem.
 * Lines may not exceed 256 MiB (PC_ETOOBIG). PC_EIO when a file cannot be opened or read.
 * Each file is cut into ix->jobs byte ranges indexed by as many threads; the result (order,
 * category ids, first error reported) is the same for every thread count. */
int pc_items_index_files(struct pc_items_index *ix, const char *const *paths, size_t n_paths,
                         pc_items_progress_fn progress, void *ud, struct pc_error *err);

/* The indexed files opened again for reading lines back by reference (a pread per line,
 * pc_items_files_read). Owns its descriptors. */
struct pc_items_files {
    size_t n;
    int *fds;
    const char *const *paths; /* not owned */
};

/* Opens paths[0..n) (the same list, in the same order, as was indexed). PC_EIO naming the
 * file when one cannot be opened; PC_ENOMEM. f is zeroed first; release it in every case. */
int pc_items_files_open(struct pc_items_files *f, const char *const *paths, size_t n,
                        struct pc_error *err);
void pc_items_files_release(struct pc_items_files *f);

/* Reads the bytes of ref into dst (ref->len bytes, not NUL-terminated) with pread: f is only
 * read, so any number of threads may call it at once. PC_EIO (err naming the file and byte
 * offset) when the line is no longer there (the file changed since it was indexed). */
int pc_items_files_read(const struct pc_items_files *f, const struct pc_line_ref *ref, char *dst,
                        struct pc_error *err);

#endif
