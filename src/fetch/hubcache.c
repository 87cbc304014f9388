/* Finding the official files in a huggingface_hub cache:
 * CACHE/datasets--McAuley-Lab--Amazon-Reviews-2023/snapshots/<commit>/raw/meta_categories/
 * meta_<Category>.jsonl (a symlink into blobs/), the revision's snapshot (refs/<rev>) first. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch/fetch.h"

/* Verifies one candidate; 1 and the resolved path in out when it is the official file. The
 * blob's own name is a hash, so it is judged under the official file name. */
static int try_candidate(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                         const char *cand, char *out, size_t n)
{
    char real[4096], name[256], hex[65] = "", why[512];
    struct stat sb;
    if (!realpath(cand, real) || stat(real, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
    snprintf(name, sizeof name, "meta_%s.jsonl", e->category);
    struct pc_official_check chk;
    uint64_t size = (uint64_t)sb.st_size;
    if (size == e->size) {
        struct pc_error err;
        pc_error_clear(&err);
        pc_fetch_note(o, e, slot, "verifying the hub cache's copy '%s'", cand);
        if (pc_official_sha256_file(real, hex, &size, o->cancel, &err) != PC_OK) return 0;
    }
    pc_official_judge(name, size, hex, &chk);
    if (chk.verdict != PC_OFFICIAL_OK) {
        pc_fetch_note(o, e, slot, "ignoring the hub cache's '%s': %s", cand,
                      pc_official_describe(&chk, why, sizeof why));
        return 0;
    }
    snprintf(out, n, "%s", real);
    return 1;
}

int pc_fetch_find_cached(const struct pc_fetch_opts *o, const struct pc_official *e, int slot,
                         char *path, size_t n)
{
    const char *rev = o->revision && *o->revision ? o->revision : "main";
    for (size_t c = 0; c < o->n_hub_caches; c++) {
        if (!o->hub_caches[c] || !*o->hub_caches[c]) continue;
        char base[4096], cand[8192], snap[256] = "";
        snprintf(base, sizeof base, "%s/datasets--McAuley-Lab--Amazon-Reviews-2023",
                 o->hub_caches[c]);
        char ref[4400];
        snprintf(ref, sizeof ref, "%s/refs/%s", base, rev);
        FILE *f = fopen(ref, "r");
        if (f) {
            if (fgets(snap, sizeof snap, f)) snap[strcspn(snap, "\r\n")] = '\0';
            fclose(f);
        } else if (strlen(rev) == 40) {
            snprintf(snap, sizeof snap, "%s", rev); /* a commit id names its snapshot */
        }
        if (*snap) {
            snprintf(cand, sizeof cand, "%s/snapshots/%s/raw/meta_categories/meta_%s.jsonl", base,
                     snap, e->category);
            if (try_candidate(o, e, slot, cand, path, n)) return 1;
        }
        char snaps[4200];
        snprintf(snaps, sizeof snaps, "%s/snapshots", base);
        DIR *d = opendir(snaps);
        if (!d) continue;
        struct dirent *de;
        int found = 0;
        while (!found && (de = readdir(d))) {
            if (de->d_name[0] == '.' || !strcmp(de->d_name, snap)) continue;
            snprintf(cand, sizeof cand, "%s/%s/raw/meta_categories/meta_%s.jsonl", snaps,
                     de->d_name, e->category);
            FILE *t = fopen(cand, "rb");
            if (!t) continue;
            fclose(t);
            found = try_candidate(o, e, slot, cand, path, n);
        }
        closedir(d);
        if (found) return 1;
    }
    return 0;
}
