/* The course's get_price (SPEC §6.4): the price a model's reply names. Pure, thread-safe. */
#ifndef PC_EVAL_GET_PRICE_H
#define PC_EVAL_GET_PRICE_H

#include <stddef.h>

/* Python's
 *     s = s.replace('$', '').replace(',', '')
 *     m = re.search(r"[-+]?\d*\.\d+|\d+", s)
 *     return float(m.group()) if m else 0
 * over the UTF-8 text s[0..n), exactly: `\d` is any Unicode decimal digit (category Nd,
 * Unicode 14 as in Python 3.11; "٣" counts and float() reads it as 3), the leftmost match
 * wins and at one position the first alternative is tried first ("-5" gives 5: the sign
 * belongs only to a number with a '.'; "-5.5" gives -5.5; "5." gives 5). Digit strings too
 * long for a double give inf, as float() does. Invalid UTF-8 bytes never match. */
double pc_get_price(const char *s, size_t n);

#endif
