/* Compiled tokenizer images: the heavy tables of a loaded tokenizer written once into a cache
 * folder and mapped read-only by later loads, so that a start costs a SHA-256 of
 * tokenizer.json, a checksum and a few small parses instead of building 15 MB of tables.
 *
 * Layout (native endianness, checked): a fixed header, then the sections, each at a 64-byte
 * aligned offset. The header names the format version, the SHA-256 of the tokenizer.json it
 * was built from, the sizes of the structures it mirrors, the scalar fields, the offset and
 * length of every section, and a 64-bit checksum of everything after its first 32 bytes.
 * Loading checks all of it and every table entry that is later used as an index, so a
 * truncated, corrupt or foreign image is refused (and rebuilt by the caller), never trusted. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "tok/tok_internal.h"

/* Bump whenever the layout or the meaning of a section changes. */
#define IMG_VERSION 2u
#define IMG_ALIGN 64u
#define IMG_MAX_IDS (1u << 24)

enum {
    S_SMALL,    /* tokenizer.json without model.vocab / model.merges (JSON text) */
    S_DEC_OFF,  /* uint32_t[n_ids + 1] */
    S_PRESENT,  /* uint8_t[n_ids + 1] */
    S_DEC_BLOB, /* dec_off[n_ids] bytes */
    S_ENC,      /* struct tok_span32[n_ids + 1] */
    S_ENC_BLOB, /* bytes */
    S_VOCAB,    /* uint64_t[vocab_mask + 1] */
    S_MERGES,   /* struct tok_merge_slot[merge_mask + 1] */
    S_MERGED,   /* uint32_t[merge_n] */
    S_ADDED,    /* uint32_t[n_added_ids]: id of each added_tokens entry in file order */
    S_COUNT
};

struct img_hdr {
    char magic[8];     /* "PCTOKIMG" */
    uint32_t version;  /* IMG_VERSION */
    uint32_t endian;   /* 0x01020304 as written */
    uint64_t total;    /* file size */
    uint64_t checksum; /* tok_image_checksum of bytes [32, total) */
    unsigned char key[32];
    uint32_t layout[4]; /* sizeof pc_tok, tok_merge_slot, tok_span32, tok_added */
    uint32_t n_ids, vocab_count, model_size, vocab_mask;
    uint64_t merge_mask;
    uint32_t merge_n, n_added_ids;
    struct {
        uint64_t off, len;
    } sec[S_COUNT];
};
#define IMG_SUMMED_FROM 32u
_Static_assert(offsetof(struct img_hdr, key) == IMG_SUMMED_FROM, "checksum covers the rest");

static void fill_layout(uint32_t layout[4])
{
    layout[0] = (uint32_t)sizeof(struct pc_tok);
    layout[1] = (uint32_t)sizeof(struct tok_merge_slot);
    layout[2] = (uint32_t)sizeof(struct tok_span32);
    layout[3] = (uint32_t)sizeof(struct tok_added);
}

int tok_image_key(const void *json, size_t len, unsigned char key[32])
{
    unsigned int n = 0;
    if (EVP_Digest(json, len, key, &n, EVP_sha256(), NULL) != 1 || n != 32) return PC_EIO;
    return PC_OK;
}

void tok_image_name(const unsigned char key[32], char *out, size_t cap)
{
    char hex[65];
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", key[i]);
    snprintf(out, cap, "tokenizer-v%u-%s.img", IMG_VERSION, hex);
}

static inline uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint64_t rotl(uint64_t x, int r)
{
    return x << r | x >> (64 - r);
}

/* Four independent lanes, each a bijective step per 8-byte word (xor, odd multiply, rotate),
 * so any change of one word changes its lane's final state; the lanes are mixed at the end. */
uint64_t tok_image_checksum(const void *vp, size_t n)
{
    const unsigned char *p = vp;
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t a = 1, b = 2, c = 3, d = 4 ^ n;
    while (n >= 32) {
        a = rotl((a ^ rd64(p)) * k, 29);
        b = rotl((b ^ rd64(p + 8)) * k, 31);
        c = rotl((c ^ rd64(p + 16)) * k, 33);
        d = rotl((d ^ rd64(p + 24)) * k, 27);
        p += 32;
        n -= 32;
    }
    while (n >= 8) {
        a = rotl((a ^ rd64(p)) * k, 29);
        p += 8;
        n -= 8;
    }
    uint64_t t = 0;
    memcpy(&t, p, n);
    b = rotl((b ^ t ^ (uint64_t)n << 56) * k, 31);
    uint64_t h = a * 0xbf58476d1ce4e5b9ull ^ rotl(b, 17) ^ rotl(c, 37) * k ^ rotl(d, 51);
    h ^= h >> 31;
    h *= 0x94d049bb133111ebull;
    return h ^ h >> 29;
}

/* ---- building ---- */

/* tokenizer.json minus model.vocab and model.merges, as JSON text. */
static int dump_small(const struct pc_json_val *root, struct pc_buf *out)
{
    int rc = pc_buf_putc(out, '{');
    for (uint32_t i = 0; i < root->len && !rc; i++) {
        const struct pc_json_member *m = &root->u.members[i];
        if (i) rc = pc_buf_append(out, ", ", 2);
        if (!rc) rc = pc_json_put_str(out, m->key, m->key_len, 1);
        if (!rc) rc = pc_buf_append(out, ": ", 2);
        if (rc) break;
        if (strcmp(m->key, "model") != 0 || m->val.type != PC_JSON_OBJECT) {
            rc = pc_json_dump_py(out, &m->val);
            continue;
        }
        rc = pc_buf_putc(out, '{');
        int first = 1;
        for (uint32_t j = 0; j < m->val.len && !rc; j++) {
            const struct pc_json_member *o = &m->val.u.members[j];
            if (!strcmp(o->key, "vocab") || !strcmp(o->key, "merges")) continue;
            if (!first) rc = pc_buf_append(out, ", ", 2);
            first = 0;
            if (!rc) rc = pc_json_put_str(out, o->key, o->key_len, 1);
            if (!rc) rc = pc_buf_append(out, ": ", 2);
            if (!rc) rc = pc_json_dump_py(out, &o->val);
        }
        if (!rc) rc = pc_buf_putc(out, '}');
    }
    if (!rc) rc = pc_buf_putc(out, '}');
    return rc;
}

int tok_image_build(const struct pc_tok *tok, const struct pc_json_val *root,
                    const unsigned char key[32], struct pc_buf *out)
{
    if (tok->img || tok->n_ids >= IMG_MAX_IDS) return PC_EINVAL;
    struct pc_buf small;
    pc_buf_init(&small, 0);
    int rc = dump_small(root, &small);
    if (rc) {
        pc_buf_release(&small);
        return rc;
    }
    uint64_t enc_blob_len = 0;
    for (uint32_t id = 0; id <= tok->n_ids; id++) {
        uint64_t e = (uint64_t)tok->enc[id].off + tok->enc[id].len;
        if (tok->enc[id].len && e > enc_blob_len) enc_blob_len = e;
    }
    const void *ptr[S_COUNT] = {small.data,       tok->dec_off,      tok->present,
                                tok->dec_blob,    tok->enc,          tok->enc_blob,
                                tok->vocab.slots, tok->merges.slots, tok->merges.merged_of_rank,
                                tok->added_ids};
    uint64_t len[S_COUNT] = {small.len,
                             ((uint64_t)tok->n_ids + 1) * sizeof(uint32_t),
                             (uint64_t)tok->n_ids + 1,
                             tok->dec_off[tok->n_ids],
                             ((uint64_t)tok->n_ids + 1) * sizeof(struct tok_span32),
                             enc_blob_len,
                             ((uint64_t)tok->vocab.mask + 1) * sizeof(uint64_t),
                             (tok->merges.mask + 1) * sizeof(struct tok_merge_slot),
                             (uint64_t)tok->merges.n * sizeof(uint32_t),
                             (uint64_t)tok->n_added_ids * sizeof(uint32_t)};
    struct img_hdr h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, "PCTOKIMG", 8);
    h.version = IMG_VERSION;
    h.endian = 0x01020304u;
    memcpy(h.key, key, 32);
    fill_layout(h.layout);
    h.n_ids = tok->n_ids;
    h.vocab_count = (uint32_t)tok->vocab_count;
    h.model_size = tok->model_size;
    h.vocab_mask = tok->vocab.mask;
    h.merge_mask = tok->merges.mask;
    h.merge_n = tok->merges.n;
    h.n_added_ids = tok->n_added_ids;
    uint64_t at = (sizeof h + IMG_ALIGN - 1) / IMG_ALIGN * IMG_ALIGN;
    for (int s = 0; s < S_COUNT; s++) {
        h.sec[s].off = at;
        h.sec[s].len = len[s];
        at = (at + len[s] + IMG_ALIGN - 1) / IMG_ALIGN * IMG_ALIGN;
    }
    h.total = at;
    pc_buf_reset(out);
    if (!(rc = pc_buf_reserve(out, at))) {
        memset(out->data, 0, at);
        memcpy(out->data, &h, sizeof h);
        for (int s = 0; s < S_COUNT; s++)
            if (len[s]) memcpy(out->data + h.sec[s].off, ptr[s], len[s]);
        out->len = at;
        h.checksum = tok_image_checksum(out->data + IMG_SUMMED_FROM, at - IMG_SUMMED_FROM);
        memcpy(out->data + offsetof(struct img_hdr, checksum), &h.checksum, 8);
    }
    pc_buf_release(&small);
    return rc;
}

/* ---- validating and attaching ---- */

static int pow2(uint64_t x)
{
    return x >= 16 && (x & (x - 1)) == 0;
}

/* Every entry that is later used as an index or a length is in range, and each hash table
 * keeps an empty slot (so a probe always ends). */
static int check_tables(const struct img_hdr *h, const unsigned char *base)
{
    uint32_t n = h->n_ids;
    const uint32_t *dec_off = (const void *)(base + h->sec[S_DEC_OFF].off);
    const uint8_t *present = base + h->sec[S_PRESENT].off;
    const struct tok_span32 *enc = (const void *)(base + h->sec[S_ENC].off);
    const uint64_t *vocab = (const void *)(base + h->sec[S_VOCAB].off);
    const struct tok_merge_slot *ms = (const void *)(base + h->sec[S_MERGES].off);
    const uint32_t *merged = (const void *)(base + h->sec[S_MERGED].off);
    if (dec_off[0] != 0 || dec_off[n] != h->sec[S_DEC_BLOB].len) return 0;
    uint64_t enc_len = h->sec[S_ENC_BLOB].len, count = 0;
    for (uint32_t id = 0; id <= n; id++) {
        if (id < n && dec_off[id] > dec_off[id + 1]) return 0;
        if (present[id] > 2 || (id == n && present[id])) return 0;
        count += present[id] != 0;
        if ((uint64_t)enc[id].off + enc[id].len > enc_len) return 0;
    }
    if (count != h->vocab_count) return 0;
    uint64_t empty = 0;
    for (uint64_t i = 0; i <= h->vocab_mask; i++) {
        uint64_t v = vocab[i];
        if (!v) {
            empty++;
            continue;
        }
        uint32_t id = (uint32_t)v - 1;
        if ((uint32_t)v == 0 || id >= n || enc[id].len == 0) return 0;
    }
    if (!empty) return 0;
    empty = 0;
    for (uint64_t i = 0; i <= h->merge_mask; i++) {
        if (!ms[i].key) {
            empty++;
            continue;
        }
        uint64_t k = ms[i].key - 1;
        if (k >> 32 >= n || (uint32_t)k >= n || ms[i].merged >= n || ms[i].rank >= h->merge_n)
            return 0;
    }
    if (!empty) return 0;
    for (uint32_t r = 0; r < h->merge_n; r++)
        if (merged[r] >= n) return 0;
    return 1;
}

int tok_image_attach(struct pc_tok *tok, void *img, size_t len, const unsigned char key[32],
                     int verify)
{
    tok->img = img;
    tok->img_len = len;
    const unsigned char *base = img;
    struct img_hdr h;
    if (len < sizeof h) return PC_EFORMAT;
    memcpy(&h, base, sizeof h);
    uint32_t layout[4];
    fill_layout(layout);
    if (memcmp(h.magic, "PCTOKIMG", 8) != 0 || h.version != IMG_VERSION ||
        h.endian != 0x01020304u || h.total != len || memcmp(h.layout, layout, sizeof layout))
        return PC_EFORMAT;
    if (verify && (memcmp(h.key, key, 32) != 0 ||
                   tok_image_checksum(base + IMG_SUMMED_FROM, len - IMG_SUMMED_FROM) != h.checksum))
        return PC_EFORMAT;
    for (int s = 0; s < S_COUNT; s++)
        if (h.sec[s].off % IMG_ALIGN || h.sec[s].off < sizeof h || h.sec[s].off > len ||
            h.sec[s].len > len - h.sec[s].off)
            return PC_EFORMAT;
    uint64_t n1 = (uint64_t)h.n_ids + 1;
    if (h.n_ids == 0 || h.n_ids >= IMG_MAX_IDS || h.model_size > h.n_ids ||
        h.sec[S_DEC_OFF].len != n1 * sizeof(uint32_t) || h.sec[S_PRESENT].len != n1 ||
        h.sec[S_ENC].len != n1 * sizeof(struct tok_span32) || !pow2((uint64_t)h.vocab_mask + 1) ||
        h.sec[S_VOCAB].len != ((uint64_t)h.vocab_mask + 1) * sizeof(uint64_t) ||
        !pow2(h.merge_mask + 1) || h.merge_mask >= ((uint64_t)1 << 40) ||
        h.sec[S_MERGES].len != (h.merge_mask + 1) * sizeof(struct tok_merge_slot) ||
        h.sec[S_MERGED].len != (uint64_t)h.merge_n * sizeof(uint32_t) ||
        h.sec[S_ADDED].len != (uint64_t)h.n_added_ids * sizeof(uint32_t) ||
        h.sec[S_ENC_BLOB].len > UINT32_MAX || h.sec[S_DEC_BLOB].len > UINT32_MAX ||
        !check_tables(&h, base))
        return PC_EFORMAT;
    tok->n_ids = h.n_ids;
    tok->vocab_count = h.vocab_count;
    tok->model_size = h.model_size;
    tok->dec_off = (uint32_t *)(base + h.sec[S_DEC_OFF].off);
    tok->present = (uint8_t *)(base + h.sec[S_PRESENT].off);
    tok->dec_blob = (char *)(base + h.sec[S_DEC_BLOB].off);
    tok->enc = (struct tok_span32 *)(base + h.sec[S_ENC].off);
    tok->enc_blob = (char *)(base + h.sec[S_ENC_BLOB].off);
    tok->vocab.slots = (uint64_t *)(base + h.sec[S_VOCAB].off);
    tok->vocab.mask = h.vocab_mask;
    tok->merges.slots = (struct tok_merge_slot *)(base + h.sec[S_MERGES].off);
    tok->merges.mask = h.merge_mask;
    tok->merges.merged_of_rank = (uint32_t *)(base + h.sec[S_MERGED].off);
    tok->merges.n = h.merge_n;
    tok->added_ids = (uint32_t *)(base + h.sec[S_ADDED].off);
    tok->n_added_ids = h.n_added_ids;
    return tok_load_from_small(tok, (const char *)base + h.sec[S_SMALL].off, h.sec[S_SMALL].len,
                               NULL);
}

int tok_image_open(struct pc_tok *tok, const char *cache_dir, const unsigned char key[32])
{
    char name[128], path[4200];
    tok_image_name(key, name, sizeof name);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", cache_dir, name) >= sizeof path)
        return PC_ENOTFOUND;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not block */
    if (fd < 0) return errno == ENOENT ? PC_ENOTFOUND : PC_EIO;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(struct img_hdr)) {
        close(fd);
        return PC_EFORMAT;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) return PC_EIO;
    return tok_image_attach(tok, p, (size_t)st.st_size, key, 1);
}

/* ---- writing ---- */

/* mkdir -p (mode 0755 for the folders it creates). */
static int make_dirs(const char *dir)
{
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s", dir) >= sizeof p) return PC_EINVAL;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) return PC_EIO;
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST) return PC_EIO;
    return PC_OK;
}

int tok_image_write(const struct pc_tok *tok, const char *cache_dir, const unsigned char key[32],
                    const struct pc_json_val *root)
{
    struct pc_buf img;
    pc_buf_init(&img, 0);
    int rc = tok_image_build(tok, root, key, &img);
    if (!rc) rc = make_dirs(cache_dir);
    char name[128], path[4200], tmp[4300];
    tok_image_name(key, name, sizeof name);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (!rc && ((size_t)snprintf(path, sizeof path, "%s/%s", cache_dir, name) >= sizeof path ||
                (size_t)snprintf(tmp, sizeof tmp, "%s/.%s.%ld.%ld.tmp", cache_dir, name,
                                 (long)getpid(), (long)ts.tv_nsec) >= sizeof tmp))
        rc = PC_EINVAL;
    int fd = rc ? -1 : open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (!rc && fd < 0) rc = PC_EIO;
    for (size_t done = 0; !rc && done < img.len;) {
        ssize_t k = write(fd, img.data + done, img.len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0)
            rc = PC_EIO;
        else
            done += (size_t)k;
    }
    if (fd >= 0) {
        if (close(fd) != 0 && !rc) rc = PC_EIO;
        /* Readers see the old image, no image, or this whole one; never a partial file. */
        if (!rc && rename(tmp, path) != 0) rc = PC_EIO;
        if (rc) unlink(tmp);
    }
    pc_buf_release(&img);
    return rc;
}
