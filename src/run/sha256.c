/* SHA-256 after FIPS 180-4 section 6.2 (checked against its published test vectors in
 * tests/unit/test_runcfg.c and against sha256sum in the run tests). */
#include "run/sha256.h"

#include <openssl/evp.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/hasher.h"

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 =
            k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += k;
}

void pc_sha256_init(struct pc_sha256 *c)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, iv, sizeof iv);
    c->total = 0;
    c->fill = 0;
}

void pc_sha256_update(struct pc_sha256 *c, const void *data, size_t n)
{
    const unsigned char *p = data;
    c->total += n;
    if (c->fill) {
        size_t take = 64 - c->fill < n ? 64 - c->fill : n;
        memcpy(c->block + c->fill, p, take);
        c->fill += take;
        p += take;
        n -= take;
        if (c->fill < 64) return;
        compress(c->h, c->block);
        c->fill = 0;
    }
    for (; n >= 64; p += 64, n -= 64) compress(c->h, p);
    memcpy(c->block, p, n);
    c->fill = n;
}

void pc_sha256_final(struct pc_sha256 *c, unsigned char digest[32])
{
    uint64_t bits = c->total * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;
    for (int i = 0; i < 8; i++) pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
    pc_sha256_update(c, pad, padlen + 8);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(c->h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)c->h[i];
    }
}

void pc_sha256_hex(const unsigned char digest[32], char hex[65])
{
    static const char x[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = x[digest[i] >> 4];
        hex[2 * i + 1] = x[digest[i] & 15];
    }
    hex[64] = '\0';
}

struct pc_sha256_stream {
    EVP_MD_CTX *c;
    struct pc_hasher *h; /* hashing c on a thread (pc_sha256_stream_new_thread), or NULL */
    double cpu;          /* that thread's CPU seconds, once finished */
};

static struct pc_sha256_stream *stream_new(int thread)
{
    struct pc_sha256_stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->c = EVP_MD_CTX_new();
    if (!s->c || EVP_DigestInit_ex(s->c, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(s->c);
        free(s);
        return NULL;
    }
    if (thread) s->h = pc_hasher_start(s->c); /* NULL: hashed inline */
    return s;
}

struct pc_sha256_stream *pc_sha256_stream_new(void)
{
    return stream_new(0);
}

struct pc_sha256_stream *pc_sha256_stream_new_thread(void)
{
    return stream_new(1);
}

void pc_sha256_stream_update(struct pc_sha256_stream *s, const void *data, size_t n)
{
    if (s->h)
        pc_hasher_feed(s->h, data, n);
    else
        EVP_DigestUpdate(s->c, data, n);
}

int pc_sha256_stream_hex(struct pc_sha256_stream *s, char hex[65])
{
    if (s->h) { /* ring mode: never fails */
        (void)pc_hasher_finish(s->h, &s->cpu);
        s->h = NULL;
    }
    unsigned char d[32];
    unsigned int n = 0;
    hex[0] = '\0';
    if (EVP_DigestFinal_ex(s->c, d, &n) != 1 || n != 32) return PC_ENOMEM;
    pc_sha256_hex(d, hex);
    return PC_OK;
}

double pc_sha256_stream_cpu(const struct pc_sha256_stream *s)
{
    return s->cpu;
}

void pc_sha256_stream_free(struct pc_sha256_stream *s)
{
    if (!s) return;
    pc_hasher_abort(s->h); /* before its context goes */
    EVP_MD_CTX_free(s->c);
    free(s);
}

int pc_sha256_file(const char *path, char hex[65], uint64_t *size, struct pc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        return pc_error_set(err, PC_EIO, "cannot open '%s': %s", path, strerror(e));
    }
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = malloc(CHUNK);
    if (!buf) {
        fclose(f);
        return pc_error_set(err, PC_ENOMEM, "out of memory");
    }
    /* whole files through OpenSSL's EVP (SHA-NI where the CPU has it) */
    struct pc_sha256_stream *c = pc_sha256_stream_new();
    if (!c) {
        free(buf);
        fclose(f);
        return pc_error_set(err, PC_ENOMEM, "cannot set up SHA-256");
    }
    size_t n;
    uint64_t total = 0;
    while ((n = fread(buf, 1, CHUNK, f)) > 0) {
        pc_sha256_stream_update(c, buf, n);
        total += n;
    }
    int bad = ferror(f);
    int e = errno;
    free(buf);
    fclose(f);
    int ok = pc_sha256_stream_hex(c, hex) == PC_OK;
    pc_sha256_stream_free(c);
    if (bad) return pc_error_set(err, PC_EIO, "cannot read '%s': %s", path, strerror(e));
    if (!ok) return pc_error_set(err, PC_EIO, "SHA-256 of '%s' failed", path);
    if (size) *size = total;
    return PC_OK;
}
