/* Fuzz target for the tokenizer.json loader (src/tok/: sections, model, merges, added tokens,
 * normalizers, pre-tokenizers, post-processors, decoders, Split regexes): any bytes as a
 * tokenizer.json either load or fail with an error value; what loads must encode a fixed text
 * (with and without the post-processor's special tokens) and decode its ids without any
 * invalid memory access. The bytes go through a temporary file because the loader reads paths
 * (as every caller does). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tok/tok.h"

static char path[64];

static int setup(void)
{
    static int done;
    if (done) return path[0] != 0;
    done = 1;
    snprintf(path, sizeof path, "/tmp/fuzz_tok_json.%d.json", (int)getpid());
    return 1;
}

static const char sample[] =
    "Hello world! It's 12.5 inches, caf\xC3\xA9 \xEF\xBC\xA1 \xE2\x91\xA0  "
    "<s> tabs\tand\nnew lines \xF0\x9F\x98\x80";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!setup()) return 0;
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    fclose(f);
    struct pc_error err;
    pc_error_clear(&err);
    struct pc_tok *tok = NULL;
    int rc = pc_tok_load(path, &tok, &err);
    if (rc != PC_OK) {
        if (tok || !err.message[0]) abort(); /* a failure says why and leaves nothing */
        unlink(path);
        return 0;
    }
    struct pc_tok_scratch *s = pc_tok_scratch_new();
    struct pc_ids ids = {0};
    struct pc_buf out;
    pc_buf_init(&out, 0);
    if (s) {
        for (unsigned flags = 0; flags <= PC_TOK_ADD_SPECIAL; flags += PC_TOK_ADD_SPECIAL) {
            ids.len = 0;
            int e = pc_tok_encode_ex(tok, s, sample, sizeof sample - 1, flags, &ids);
            if (e == PC_OK) {
                pc_buf_reset(&out);
                int d = pc_tok_decode(tok, ids.ids, ids.len, flags != 0, &out, NULL);
                if (d != PC_OK && d != PC_ERANGE) abort();
            }
        }
        size_t count = 0;
        (void)pc_tok_count(tok, s, sample, sizeof sample - 1, &count);
    }
    pc_buf_release(&out);
    pc_ids_release(&ids);
    pc_tok_scratch_free(s);
    pc_tok_free(tok);
    unlink(path);
    return 0;
}
