/* UTF-8 primitives shared by every stage. Pure functions, thread-safe, no allocation. */
#ifndef PC_TEXT_UTF8_H
#define PC_TEXT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..n) (n >= 1). Returns the number of bytes consumed (1-4)
 * and stores the code point in *cp. Invalid, overlong, surrogate (U+D800-DFFF) or truncated
 * sequences return the length of the maximal invalid subpart (>= 1, Unicode/WHATWG "maximal
 * subpart" rule, as Rust's from_utf8_lossy) and store 0xFFFD with *cp and -1 in *valid
 * (valid may be NULL); otherwise *valid = 1. */
size_t pc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp, int *valid);

/* Encodes cp (<= 0x10FFFF; surrogates are encoded as 3-byte WTF-8) into out (>= 4 bytes).
 * Returns bytes written. */
size_t pc_utf8_encode(uint32_t cp, char *out);

/* Returns 1 if s[0..n) is valid UTF-8 (no surrogates, no overlongs), else 0; *bad_at (may be
 * NULL) receives the byte offset of the first invalid byte. */
int pc_utf8_valid(const char *s, size_t n, size_t *bad_at);

/* Number of code points in valid UTF-8 s[0..n). */
size_t pc_utf8_count(const char *s, size_t n);

/* Byte length of the first max_cp code points of valid UTF-8 s[0..n) (n if fewer). */
size_t pc_utf8_prefix(const char *s, size_t n, size_t max_cp);

#endif
