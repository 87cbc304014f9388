/* Fuzz target: the `pricer run` YAML configuration loader (src/settings/settings.h) on arbitrary
 * bytes must either load or return an error with a message, never crash or leak; a loaded
 * configuration must serialise to valid JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pricer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pc_runcfg c;
    if (pc_runcfg_init(&c)) return 0;
    struct pc_error err;
    pc_error_clear(&err);
    int rc = pc_runcfg_load_text(&c, (const char *)data, size, "fuzz.yaml", "base", &err);
    if (rc != PC_OK && !err.message[0]) abort();
    if (rc == PC_OK) {
        struct pc_buf b;
        pc_buf_init(&b, 0);
        if (pc_runcfg_to_json(&c, &b) != PC_OK) abort();
        struct pc_json_doc *doc = pc_json_doc_new();
        const struct pc_json_val *root;
        if (doc && pc_json_parse(doc, b.data, b.len, &root, NULL) != PC_OK) abort();
        pc_json_doc_free(doc);
        for (int s = 0; s < PC_RUN_NSECTION; s++) {
            pc_buf_reset(&b);
            if (pc_runcfg_stage_args(&c, s, &b) < 0) abort();
        }
        pc_buf_release(&b);
    }
    pc_runcfg_release(&c);
    return 0;
}
