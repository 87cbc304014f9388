/* Unicode NFC normalization, as Hugging Face tokenizers' NFC normalizer does it (Qwen 2/3's
 * tokenizer.json has "normalizer": {"type": "NFC"}).
 *
 * HF tokenizers normalizes with the crate unicode-normalization-alignments, whose data is
 * Unicode 9.0: characters assigned after 9.0 have no decomposition and combining class 0
 * there (measured: HF and JavaScript's normalize('NFC') differ only on such characters). So
 * pc_nfc is ICU's NFC restricted to the code points assigned in Unicode 9.0 (ICU filtered
 * normalizer, the mechanism ICU offers for older Unicode versions); others pass through as
 * boundaries, exactly like unknown characters in HF's tables.
 *
 * Thread-safe (the ICU objects are created once, on first use, and never change). */
#ifndef PC_TEXT_NFC_H
#define PC_TEXT_NFC_H

#include <stddef.h>

#include "core/buf.h"

/* Returned by pc_nfc when s is already in NFC. */
#define PC_NFC_UNCHANGED 1

/* Normalizes the valid UTF-8 text s[0..n) to NFC.
 * Returns PC_NFC_UNCHANGED (out untouched) when s is already NFC, which a fast path decides
 * without copying for text made of characters that are always NFC (all ASCII, Latin-1,
 * and most text without combining marks); 0 after appending the NFC form to out; PC_EINVAL
 * for invalid UTF-8; PC_ENOMEM / PC_ETOOBIG (out's cap, or n > 512 MB) on failure; PC_EIO
 * if ICU's data cannot be loaded. */
int pc_nfc(const char *s, size_t n, struct pc_buf *out);

#endif
