/* The official raw files of the Amazon Reviews 2023 dataset (Hugging Face
 * McAuley-Lab/Amazon-Reviews-2023, raw/meta_categories/meta_<Category>.jsonl): a table of
 * every category's size and SHA-256 (generated: official_table.c), lookups by category or by
 * file name + size, the closest names for a typo, and verification of a file on disk.
 *
 * Everything here is read-only data or pure functions: thread-safe. Hashing uses OpenSSL's
 * EVP SHA-256. */
#ifndef PC_FETCH_OFFICIAL_H
#define PC_FETCH_OFFICIAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct pc_official {
    const char *category; /* "Gift_Cards" */
    uint64_t size;        /* bytes */
    const char *sha256;   /* lowercase hex, 64 characters */
};

/* All 34 categories sorted by name (official_table.c). */
extern const struct pc_official pc_official_files[];
extern const size_t pc_official_count;
extern const uint64_t pc_official_total_bytes;

/* The reference course's eight categories, in its load order (SPEC §4). */
#define PC_COURSE_COUNT 8
extern const char *const pc_course_categories[PC_COURSE_COUNT];

/* Entry of a category (exact, case-sensitive name); NULL when it is not official. */
const struct pc_official *pc_official_find(const char *category);

/* Entry whose file name is the last path component of name ("meta_<Category>.jsonl",
 * nothing else: compressed copies do not qualify) and whose size is size; NULL otherwise.
 * This is the cheap test deciding whether a file is worth hashing. */
const struct pc_official *pc_official_lookup(const char *name, uint64_t size);

/* Entry of the category named by a file name "meta_<Category>.jsonl" (last path component),
 * whatever the size; NULL when the name is not an official one. */
const struct pc_official *pc_official_by_name(const char *name);

/* Fills out[0..max) with the categories closest to name (case-insensitive edit distance,
 * a substring match counting as close), best first; returns how many (up to max). */
int pc_official_closest(const char *name, const struct pc_official **out, int max);

/* How a file compares with the official one. */
enum pc_official_verdict {
    PC_OFFICIAL_OK = 0,   /* name, size and SHA-256 match */
    PC_OFFICIAL_NAME = 1, /* the file name is not meta_<official category>.jsonl */
    PC_OFFICIAL_SIZE = 2, /* the size differs (not hashed) */
    PC_OFFICIAL_HASH = 3, /* same size, different SHA-256 */
};

struct pc_official_check {
    int verdict;                     /* enum pc_official_verdict */
    const struct pc_official *entry; /* the official entry of the name, or NULL */
    uint64_t size;                   /* the file's size */
    char sha256[65];                 /* the file's SHA-256 when it was hashed, else "" */
};

/* Judges a file from its name, size and (when already known, e.g. hashed while it was
 * read) its SHA-256 hex; sha256 may be NULL only when the verdict can be reached without it
 * (returns PC_EINVAL when name and size match but no hash was given). */
int pc_official_judge(const char *name, uint64_t size, const char *sha256,
                      struct pc_official_check *out);

/* Checks a file on disk: stats it, hashes it only when name and size match an official
 * entry, and fills out. PC_EIO with err naming the file when it cannot be read. cancel
 * (may be NULL) is polled while hashing; PC_ECANCELED when it becomes non-zero. */
int pc_official_verify(const char *path, struct pc_official_check *out, const volatile int *cancel,
                       struct pc_error *err);

/* One line saying what differs, e.g. "official", "size 12 bytes, the official file has
 * 2,038,189", "sha256 ab12..., the official one is 7909...", "not an official file name".
 * Writes into buf (>= 256 bytes) and returns it. */
const char *pc_official_describe(const struct pc_official_check *c, char *buf, size_t n);

/* SHA-256 of a whole file with OpenSSL EVP into hex (>= 65 bytes); *size gets the bytes
 * read (may be NULL). PC_EIO naming the file on failure; PC_ECANCELED as above. */
int pc_official_sha256_file(const char *path, char hex[65], uint64_t *size,
                            const volatile int *cancel, struct pc_error *err);

#endif
