/* Lookups in the official table and verification of files against it. */
#include "fetch/official.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const pc_course_categories[PC_COURSE_COUNT] = {
    "Automotive",
    "Electronics",
    "Office_Products",
    "Tools_and_Home_Improvement",
    "Cell_Phones_and_Accessories",
    "Toys_and_Games",
    "Appliances",
    "Musical_Instruments",
};

const struct pc_official *pc_official_find(const char *category)
{
    size_t lo = 0, hi = pc_official_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(category, pc_official_files[mid].category);
        if (c == 0) return &pc_official_files[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const struct pc_official *pc_official_by_name(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base);
    if (n < 5 + 6 + 1 || strncmp(base, "meta_", 5) || strcmp(base + n - 6, ".jsonl")) return NULL;
    char cat[128];
    if (n - 11 >= sizeof cat) return NULL;
    memcpy(cat, base + 5, n - 11);
    cat[n - 11] = '\0';
    return pc_official_find(cat);
}

const struct pc_official *pc_official_lookup(const char *name, uint64_t size)
{
    const struct pc_official *e = pc_official_by_name(name);
    return e && e->size == size ? e : NULL;
}

/* Case-insensitive Levenshtein distance of two short strings (longer ones are clipped). */
static int edit_distance(const char *a, const char *b)
{
    enum { M = 64 };
    size_t na = strlen(a), nb = strlen(b);
    if (na > M) na = M;
    if (nb > M) nb = M;
    int row[M + 1];
    for (size_t j = 0; j <= nb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= nb; j++) {
            int up = row[j];
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int v = diag + cost;
            if (row[j] + 1 < v) v = row[j] + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
        }
    }
    return row[nb];
}

static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n < 3) return 0;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return 1;
    return 0;
}

int pc_official_closest(const char *name, const struct pc_official **out, int max)
{
    int score[64];
    int k = 0;
    if (max > 64) max = 64;
    for (size_t i = 0; i < pc_official_count; i++) {
        const struct pc_official *e = &pc_official_files[i];
        int s = edit_distance(name, e->category) * 4;
        if (contains_nocase(e->category, name)) s = 1; /* "Gift" -> Gift_Cards */
        int pos = k < max ? k++ : max;
        if (pos == max && s >= score[max - 1]) continue;
        if (pos == max) pos = max - 1;
        while (pos > 0 && score[pos - 1] > s) {
            score[pos] = score[pos - 1];
            out[pos] = out[pos - 1];
            pos--;
        }
        score[pos] = s;
        out[pos] = e;
    }
    return k;
}

int pc_official_judge(const char *name, uint64_t size, const char *sha256,
                      struct pc_official_check *out)
{
    memset(out, 0, sizeof *out);
    out->size = size;
    out->entry = pc_official_by_name(name);
    if (!out->entry) {
        out->verdict = PC_OFFICIAL_NAME;
        return PC_OK;
    }
    if (size != out->entry->size) {
        out->verdict = PC_OFFICIAL_SIZE;
        return PC_OK;
    }
    if (!sha256) return PC_EINVAL;
    snprintf(out->sha256, sizeof out->sha256, "%s", sha256);
    out->verdict = strcmp(sha256, out->entry->sha256) ? PC_OFFICIAL_HASH : PC_OFFICIAL_OK;
    return PC_OK;
}

int pc_official_sha256_file(const char *path, char hex[65], uint64_t *size,
                            const volatile int *cancel, struct pc_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(errno));
        pc_error_at(err, path, 0, -1);
        return PC_EIO;
    }
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char *buf = malloc(1 << 20);
    int rc = PC_OK;
    uint64_t total = 0;
    if (!ctx || !buf || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        rc = pc_error_set(err, PC_ENOMEM, "out of memory");
        goto out;
    }
    for (;;) {
        if (cancel && *cancel) {
            rc = pc_error_set(err, PC_ECANCELED, "canceled");
            goto out;
        }
        ssize_t r = read(fd, buf, 1 << 20);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            rc = pc_error_set(err, PC_EIO, "cannot read '%s': %s", path, strerror(errno));
            pc_error_at(err, path, 0, (int64_t)total);
            goto out;
        }
        if (r == 0) break;
        EVP_DigestUpdate(ctx, buf, (size_t)r);
        total += (uint64_t)r;
    }
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    if (size) *size = total;
out:
    EVP_MD_CTX_free(ctx);
    free(buf);
    close(fd);
    return rc;
}

int pc_official_verify(const char *path, struct pc_official_check *out, const volatile int *cancel,
                       struct pc_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(errno));
        pc_error_at(err, path, 0, -1);
        return PC_EIO;
    }
    if (!S_ISREG(sb.st_mode)) {
        pc_error_set(err, PC_EIO, "'%s' is not a regular file", path);
        pc_error_at(err, path, 0, -1);
        return PC_EIO;
    }
    pc_official_judge(path, (uint64_t)sb.st_size, NULL, out);
    if (out->entry && out->size == out->entry->size) {
        char hex[65];
        uint64_t n = 0;
        int rc = pc_official_sha256_file(path, hex, &n, cancel, err);
        if (rc != PC_OK) return rc;
        return pc_official_judge(path, n, hex, out);
    }
    return PC_OK;
}

static const char *commas(uint64_t v, char *buf)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v), o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = '\0';
    return buf;
}

const char *pc_official_describe(const struct pc_official_check *c, char *buf, size_t n)
{
    char a[32], b[32];
    switch (c->verdict) {
    case PC_OFFICIAL_OK:
        snprintf(buf, n, "official");
        break;
    case PC_OFFICIAL_NAME:
        snprintf(buf, n, "not an official file name (meta_<Category>.jsonl of the 34 categories)");
        break;
    case PC_OFFICIAL_SIZE:
        snprintf(buf, n, "size %s bytes, the official %s has %s", commas(c->size, a),
                 c->entry->category, commas(c->entry->size, b));
        break;
    default:
        snprintf(buf, n, "sha256 %s, the official %s has %s", c->sha256, c->entry->category,
                 c->entry->sha256);
        break;
    }
    return buf;
}
