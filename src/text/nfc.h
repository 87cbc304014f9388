/* Unicode normalization (NFC, NFD, NFKC, NFKD), as Hugging Face tokenizers' normalizers of
 * those names do it (Qwen 2/3's tokenizer.json has "normalizer": {"type": "NFC"}).
 *
 * HF tokenizers normalizes with the crate unicode-normalization-alignments, whose data is
 * Unicode 9.0: characters assigned after 9.0 have no decomposition and combining class 0
 * there (measured: HF and JavaScript's normalize('NFC') differ only on such characters). So
 * pc_unorm is ICU's normalizer restricted to the code points assigned in Unicode 9.0 (ICU filtered
 * normalizer, the mechanism ICU offers for older Unicode versions); others pass through as
 * boundaries, exactly like unknown characters in HF's tables.
 *
 * Thread-safe (the ICU objects are created once, on first use, and never change). */
#ifndef PC_TEXT_NFC_H
#define PC_TEXT_NFC_H

#include <stddef.h>

#include "core/buf.h"

/* Returned by pc_nfc / pc_unorm when s is already in the normal form. */
#define PC_NFC_UNCHANGED 1

enum pc_norm_form { PC_NORM_NFC, PC_NORM_NFD, PC_NORM_NFKC, PC_NORM_NFKD };

/* Normalizes the valid UTF-8 text s[0..n) to NFC.
 * Returns PC_NFC_UNCHANGED (out untouched) when s is already NFC, which a fast path decides
 * without copying for text made of characters that are always NFC (all ASCII, Latin-1,
 * and most text without combining marks); 0 after appending the NFC form to out; PC_EINVAL
 * for invalid UTF-8; PC_ENOMEM / PC_ETOOBIG (out's cap, or n > 512 MB) on failure; PC_EIO
 * if ICU's data cannot be loaded. */
int pc_nfc(const char *s, size_t n, struct pc_buf *out);

/* The same for any of the four forms (pc_nfc is pc_unorm(PC_NORM_NFC, ...)); the fast path
 * uses each form's quick-check property (all ASCII is unchanged by every form). */
int pc_unorm(enum pc_norm_form f, const char *s, size_t n, struct pc_buf *out);

#endif
