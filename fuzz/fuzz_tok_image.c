/* Fuzz target for the compiled tokenizer image loader (src/tok/tok_image.c). The image of the
 * tiny test tokenizer (tests/golden/tok/tiny) is built once per process; each input truncates
 * and/or flips bytes of a copy, then attaches it:
 *   byte 0, bit 0 clear: full validation (key + checksum). A changed image must be refused;
 *     an unchanged one must give exactly the ids of the JSON-loaded tokenizer.
 *   bit 0 set: the checksum is skipped, so the structural checks alone face the mutations;
 *     whatever is accepted must encode and decode without any invalid memory access.
 *   bit 1 set: bytes 1-4 (little endian) give the truncated length, modulo the image size + 1.
 *   then 5-byte groups: a 32-bit offset (modulo the length) and a byte XORed there. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tok/tok_internal.h"

static struct pc_tok *ref;
static struct pc_tok_scratch *scratch;
static unsigned char *image, key[32];
static size_t image_len;

static const char *const texts[] = {"hello<|eot_id|>world", " Việt", "DON'T 12345 🔥 café",
                                    "  \n\n  x\ty", "Fits most cars . It 's great"};

static int setup(void)
{
    static int done;
    if (done) return image != NULL;
    done = 1;
    char json[4096], dir[] = "/tmp/fuzz_tok_image.XXXXXX";
    const char *root = getenv("PC_ROOT");
    snprintf(json, sizeof json, "%s/tests/golden/tok/tiny/tokenizer.json", root ? root : ".");
    if (pc_tok_load(json, &ref, NULL) != PC_OK || !mkdtemp(dir)) {
        fprintf(stderr, "fuzz_tok_image: no tiny tokenizer, nothing tested\n");
        return 0;
    }
    scratch = pc_tok_scratch_new();
    struct pc_tok_load_opts o = {dir, NULL};
    struct pc_tok *t = NULL;
    char name[128], path[4300];
    FILE *f = NULL;
    if (pc_tok_load_ex(json, &o, &t, NULL) == PC_OK &&
        pc_tok_image_state(t) == PC_TOK_IMAGE_WRITTEN) {
        FILE *j = fopen(json, "rb");
        static char buf[1 << 20];
        size_t n = j ? fread(buf, 1, sizeof buf, j) : 0;
        if (j) fclose(j);
        tok_image_key(buf, n, key);
        tok_image_name(key, name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        f = fopen(path, "rb");
    }
    pc_tok_free(t);
    if (f) {
        fseek(f, 0, SEEK_END);
        image_len = (size_t)ftell(f);
        fseek(f, 0, SEEK_SET);
        image = malloc(image_len);
        if (image && fread(image, 1, image_len, f) != image_len) abort();
        fclose(f);
        unlink(path);
    }
    rmdir(dir);
    if (!image || !scratch) abort(); /* the image must have been written */
    return 1;
}

static void encode_all(const struct pc_tok *t, struct pc_ids *ids, int compare)
{
    struct pc_ids want = {0};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        ids->len = 0;
        want.len = 0;
        if (pc_tok_encode(t, scratch, texts[i], strlen(texts[i]), ids) != PC_OK) {
            if (compare) abort();
            continue;
        }
        struct pc_buf out;
        pc_buf_init(&out, 0);
        pc_tok_decode(t, ids->ids, ids->len, 1, &out, NULL);
        pc_buf_release(&out);
        if (!compare) continue;
        if (pc_tok_encode(ref, scratch, texts[i], strlen(texts[i]), &want) != PC_OK ||
            want.len != ids->len || memcmp(want.ids, ids->ids, ids->len * sizeof *ids->ids))
            abort();
    }
    pc_ids_release(&want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!setup()) return 0;
    int no_verify = size > 0 && (data[0] & 1);
    size_t len = image_len, p = 1;
    if (size >= 5 && (data[0] & 2)) {
        uint32_t v = (uint32_t)data[1] | (uint32_t)data[2] << 8 | (uint32_t)data[3] << 16 |
                     (uint32_t)data[4] << 24;
        len = v % (image_len + 1);
        p = 5;
    }
    void *m = mmap(NULL, len ? len : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return 0;
    unsigned char *img = m;
    memcpy(img, image, len);
    for (; len && p + 5 <= size; p += 5) {
        uint32_t off = (uint32_t)data[p] | (uint32_t)data[p + 1] << 8 |
                       (uint32_t)data[p + 2] << 16 | (uint32_t)data[p + 3] << 24;
        img[off % len] ^= data[p + 4];
    }
    int changed = len != image_len || memcmp(img, image, len) != 0;
    mprotect(m, len ? len : 1, PROT_READ); /* as the loader maps it */
    struct pc_tok *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup("fuzz image"))) abort();
    int rc = tok_image_attach(t, m, len ? len : 1, key, !no_verify);
    if (!no_verify && rc == PC_OK && changed) abort();  /* a corrupt image was accepted */
    if (!no_verify && rc != PC_OK && !changed) abort(); /* the intact image was refused */
    struct pc_ids ids = {0};
    if (rc == PC_OK) encode_all(t, &ids, !no_verify);
    pc_ids_release(&ids);
    pc_tok_free(t);
    return 0;
}
