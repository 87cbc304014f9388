/* The formats table: adding an export format is one file in out/ plus one line here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/atomic.h"
#include "out/formats.h"

/* The order fixes each format's bit (1u << index): jsonl 1, parquet 2, openai 4, pickle 8. */
const struct pc_format *const pc_formats[] = {
    &pc_format_jsonl, &pc_format_parquet, &pc_format_openai, &pc_format_pickle, NULL,
};

int pc_format_index(const char *name)
{
    for (int i = 0; pc_formats[i]; i++)
        if (!strcmp(pc_formats[i]->name, name)) return i;
    return -1;
}

char *pc_out_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

int pc_out_write_file(const char *path, const struct pc_buf *buf, struct pc_error *err)
{
    struct pc_atomic w = {0};
    int rc = pc_atomic_open(&w, path, err);
    if (rc) return rc;
    if (buf->len && fwrite(buf->data, 1, buf->len, w.fp) != buf->len) {
        pc_atomic_abort(&w);
        return pc_error_set(err, PC_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    return pc_atomic_commit(&w, err);
}

int pc_out_mkdir(const char *path, struct pc_error *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return PC_OK;
        return pc_error_set(err, PC_EIO, "'%s' exists and is not a directory", path);
    }
    return pc_error_set(err, PC_EIO, "cannot create directory '%s': %s", path, strerror(errno));
}
