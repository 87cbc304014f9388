/* The reference's text clean-up (SPEC §2 "scrub") and the in-place string replacement that
 * the item rules are built from. Pure functions, thread-safe; callers own all buffers. */
#ifndef PC_TEXT_SCRUB_H
#define PC_TEXT_SCRUB_H

#include <stddef.h>

#include "core/buf.h"

/* Appends scrub(s[0..n)) to out (SPEC §2 scrub steps 1-5):
 * 1. every maximal run of  : [ ] " { } U+3010 U+3011  and Python whitespace -> one space;
 * 2. leading and trailing spaces removed;
 * 3. " ," -> ",", then ",,," -> ",", then ",," -> "," (three passes);
 * 4. split on ' ', drop every word of >= 7 code points holding a Python digit;
 * 5. survivors joined with single spaces.
 * s is UTF-8 (WTF-8 lone surrogates and invalid bytes are kept as they are and count as one
 * code point per lead byte). tmp is scratch space owned by the caller (reset here).
 * Returns PC_OK or the buffer's error (PC_ENOMEM / PC_ETOOBIG). */
int pc_scrub(const char *s, size_t n, struct pc_buf *out, struct pc_buf *tmp);

/* Python s.replace(pat, rep) in place on s[0..n) (left to right, non-overlapping), for
 * rep_len <= pat_len only. Returns the new length; s is not NUL-terminated by this call. */
size_t pc_replace_shrink(char *s, size_t n, const char *pat, size_t pat_len, const char *rep,
                         size_t rep_len);

/* Code-point lengths and prefixes (Python len() and s[:n]): pc_utf8_count and
 * pc_utf8_prefix in text/utf8.h. */

#endif
