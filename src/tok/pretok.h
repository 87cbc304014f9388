/* Pre-tokenizers of the byte-level BPE tokenizers: hand-written, linear-time scanners that
 * split text exactly as Hugging Face tokenizers' Split(Regex, Isolated) does with the regexes
 * of the real tokenizer.json files, and as the Digits pre-tokenizer does. Character classes
 * are Unicode 16.0 (text/ucd.h).
 *
 * Pure functions: no allocation, no global state, thread-safe. */
#ifndef PC_TOK_PRETOK_H
#define PC_TOK_PRETOK_H

#include <stddef.h>

enum pc_pretok_kind {
    /* Llama 3 / 3.1 (= cl100k): (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|
     * \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+ */
    PC_PRETOK_LLAMA3,
    /* Qwen 2 / 2.5 / 3: the Llama 3 pattern with \p{N} (one number character per piece). */
    PC_PRETOK_QWEN2,
    /* GPT-4o (o200k): case-aware letter runs with optional contraction suffix, \p{N}{1,3},
     * ` ?[^\s\p{L}\p{N}]+[\r\n/]*`, then the whitespace rules of Llama 3. */
    PC_PRETOK_O200K,
    /* GPT-2 ByteLevel use_regex: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+|
     * ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+ */
    PC_PRETOK_GPT2,
    /* Digits pre-tokenizer, individual_digits false: runs of \p{N} characters are
     * isolated (Rust char::is_numeric: Nd Nl No). */
    PC_PRETOK_DIGITS,
    /* Digits pre-tokenizer, individual_digits true: every \p{N} character is its own
     * piece. */
    PC_PRETOK_DIGITS_INDIVIDUAL
};

/* Maps the exact regex string of a Split pre-tokenizer ("pattern": {"Regex": ...}, JSON
 * already unescaped) to its scanner. Returns 0 and sets *kind, or PC_EUNSUPPORTED for any
 * other pattern (*kind untouched). Only the Llama 3, Qwen 2, o200k and GPT-2 patterns are
 * known. Note for o200k: the real file uses behavior "Removed" with invert true; since the
 * pattern matches everywhere, that is the same split as Isolated. */
int pc_pretok_kind_from_regex(const char *pattern, enum pc_pretok_kind *kind);

/* Regex string of a regex-based kind (LLAMA3, QWEN2, O200K, GPT2), NULL for the others. */
const char *pc_pretok_regex(enum pc_pretok_kind kind);

/* Piece callback: the piece is text[off .. off+len), len >= 1. Return 0 to continue; any
 * other value stops the split and is returned by pc_pretok_split. */
typedef int (*pc_piece_fn)(void *ctx, size_t off, size_t len);

/* Splits text[0..len) into pieces, calling fn for each in order. The pieces are non-empty,
 * contiguous and cover the text exactly. text should be valid UTF-8; an invalid byte
 * sequence is treated as one punctuation-like character per maximal invalid subpart (never
 * read out of bounds). Returns 0, fn's first non-zero value, or PC_EINVAL for an unknown
 * kind. Linear time in len. */
int pc_pretok_split(enum pc_pretok_kind kind, const char *text, size_t len, pc_piece_fn fn,
                    void *ctx);

#endif
