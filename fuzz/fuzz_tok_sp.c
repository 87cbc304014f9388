/* Fuzz target for the SentencePiece-style path (tests/golden/tok/variants/base_sp.json, a cut
 * of Llama 2's tokenizer.json with every single character: Prepend/Replace
 * normalizers, byte-fallback BPE, word cache, Replace/ByteFallback/Fuse/Strip decoders):
 * encode never crashes; valid UTF-8 text without U+2581 (which decodes to a space) or added
 * tokens round-trips through decode with clean-up off; arbitrary ids decode or fail with PC_ERANGE.
 * Loaded once from $PC_ROOT/node_modules; without it the target does nothing. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "tok/tok.h"

static struct pc_tok *tok;
static struct pc_tok_scratch *scratch;

static int setup(void)
{
    static int done;
    if (done) return tok != NULL;
    done = 1;
    char path[4096];
    const char *root = getenv("PC_ROOT");
    snprintf(path, sizeof path, "%s/tests/golden/tok/variants/base_sp.json", root ? root : ".");
    struct pc_error err;
    pc_error_clear(&err);
    if (pc_tok_load(path, &tok, &err) != PC_OK) {
        fprintf(stderr, "fuzz_tok_sp: cannot load the tokenizer (%s), nothing tested\n",
                err.message);
        tok = NULL;
        return 0;
    }
    scratch = pc_tok_scratch_new();
    return scratch != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!setup()) return 0;
    const char *text = (const char *)data;
    struct pc_ids ids = {0};
    int rc = pc_tok_encode(tok, scratch, text, size, &ids);
    int valid = pc_utf8_valid(text, size, NULL);
    if (valid != (rc == PC_OK)) abort();
    struct pc_buf out;
    pc_buf_init(&out, 0);
    if (rc == PC_OK) {
        if (pc_tok_decode(tok, ids.ids, ids.len, 0, &out, NULL) != PC_OK) abort();
        /* Not round trips: U+2581, and text after an added token, which gets its own "▁"
         * prefix as in HF ("</s>x" decodes to "</s> x"). */
        if (!memmem(data, size, "\xE2\x96\x81", 3) && !memmem(data, size, "<s>", 3) &&
            !memmem(data, size, "</s>", 4) && !memmem(data, size, "<unk>", 5) &&
            (out.len != size || (size && memcmp(out.data, data, size) != 0)))
            abort();
    }
    size_t n = size / 2;
    uint32_t vs = (uint32_t)pc_tok_vocab_size(tok) + 8;
    uint32_t *raw = malloc((n ? n : 1) * sizeof *raw);
    for (size_t i = 0; i < n; i++) raw[i] = ((uint32_t)data[2 * i] << 8 | data[2 * i + 1]) % vs;
    pc_buf_reset(&out);
    int d = pc_tok_decode(tok, raw, n, 1, &out, NULL);
    if (d != PC_OK && d != PC_ERANGE) abort();
    free(raw);
    pc_buf_release(&out);
    pc_ids_release(&ids);
    return 0;
}
