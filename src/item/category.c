#include "item/category.h"

#include <stdlib.h>
#include <string.h>

/* Length of the category in s ("meta_" already skipped): up to the first '.', with ".jsonl"
 * somewhere from there on (meta_X.jsonl, meta_X.jsonl.gz, meta_X.part2.jsonl). 0 when the
 * name differs. */
static size_t category_len(const char *s)
{
    size_t n = strcspn(s, ".");
    return n > 0 && strstr(s + n, ".jsonl") ? n : 0;
}

static const char *after_meta(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return strncmp(base, "meta_", 5) == 0 ? base + 5 : NULL;
}

int pc_category_of(const char *path, char *out, size_t cap)
{
    const char *s = after_meta(path);
    size_t n = s ? category_len(s) : 0;
    if (n == 0 || n >= cap) return -1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

char *pc_category_from_path(const char *path)
{
    const char *s = after_meta(path);
    size_t n = s ? category_len(s) : 0;
    if (n == 0) return NULL;
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}
