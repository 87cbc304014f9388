/* Python 3.11 (Unicode 14) character classes that the reference's text rules depend on
 * (SPEC §2 scrub, §9.2). Pure functions, thread-safe, no allocation. */
#ifndef PC_TEXT_PYUNI_H
#define PC_TEXT_PYUNI_H

#include <stdint.h>

/* 1 if Python's str.isspace() is true for cp: U+0009-000D, U+001C-001F, U+0020, U+0085,
 * U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000 (29 code points). */
int pc_py_isspace(uint32_t cp);

/* 1 if Python's str.isdigit() is true for cp (Unicode 14: 788 code points, SPEC §9.2). */
int pc_py_isdigit(uint32_t cp);

#endif
