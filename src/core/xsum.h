/* Exact sums of doubles (a fixed-point "superaccumulator"): the total of any set of finite
 * doubles is kept without rounding, so it does not depend on the order or the grouping of
 * the additions. That is what lets statistics gathered per batch, per thread or per shard
 * (`pricer parse --shard K/N`) merge into exactly the bytes of a single sequential run.
 *
 * Representation: 67 signed 64-bit chunks, chunk j worth c[j] * 2^(32 j - 1075); every
 * double's 53-bit mantissa lands in at most three chunks. Carries are propagated every
 * 2^30 additions (and before reading), after which the chunks are unique for a given sum
 * (0 <= c[j] < 2^32 except the top one), so the text form (pc_xsum_dump) is canonical.
 * NaN and infinities are not summed, only flagged. Plain value type: copy freely; not
 * thread-safe (one owner at a time). Zero-initialised memory is an empty sum. */
#ifndef PC_CORE_XSUM_H
#define PC_CORE_XSUM_H

#include <stdint.h>

#include "core/buf.h"

#define PC_XSUM_CHUNKS 67

struct pc_xsum {
    int64_t c[PC_XSUM_CHUNKS];
    uint32_t pending; /* additions since the last carry propagation */
    uint32_t special; /* PC_XSUM_NAN | PC_XSUM_PINF | PC_XSUM_NINF seen */
};

enum { PC_XSUM_NAN = 1, PC_XSUM_PINF = 2, PC_XSUM_NINF = 4 };

/* Adds v exactly (NaN / +-inf only set a flag). */
void pc_xsum_add(struct pc_xsum *s, double v);

/* Adds the sum src into dst, exactly. */
void pc_xsum_merge(struct pc_xsum *dst, const struct pc_xsum *src);

/* The sum as a double: a deterministic function of the exact sum (within one unit in the
 * last place of it), NaN / +-inf when such values were added. s is normalised in place. */
double pc_xsum_value(struct pc_xsum *s);

/* Appends the canonical text of the sum: "0" for an empty sum, else the non-zero chunks
 * as "J:C" joined by ',' in increasing J (C decimal), then ",nan" / ",+inf" / ",-inf" for
 * the flags. s is normalised in place. PC_ENOMEM / PC_ETOOBIG from the buffer. */
int pc_xsum_dump(struct pc_buf *out, struct pc_xsum *s);

/* Adds the sum written by pc_xsum_dump in text[0..n) into s. PC_EFORMAT when the text is
 * not such a sum. */
int pc_xsum_load_add(struct pc_xsum *s, const char *text, uint32_t n);

#endif
