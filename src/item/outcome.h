/* What happened to one input line: every line ends in exactly one outcome, so no record is
 * ever lost silently. X(name, key, invalid, description): key is the stable name used in
 * summaries and --json output; invalid = 1 for lines the reference would have dropped (or
 * crashed on) before its price logic, which pricer reports with file and line. */
#ifndef PC_ITEM_OUTCOME_H
#define PC_ITEM_OUTCOME_H

#define PC_OUTCOMES(X)                                                                             \
    X(PC_OUT_LINE_TOO_LONG, "line_too_long", 1, "line longer than the line limit")                 \
    X(PC_OUT_EMPTY_LINE, "empty_line", 1, "empty line")                                            \
    X(PC_OUT_INVALID_UTF8, "invalid_utf8", 1, "line is not valid UTF-8")                           \
    X(PC_OUT_NUL_BYTE, "nul_byte", 1, "line holds a NUL byte")                                     \
    X(PC_OUT_INVALID_JSON, "invalid_json", 1, "line is not valid JSON")                            \
    X(PC_OUT_NOT_OBJECT, "not_object", 1, "line is not a JSON object")                             \
    X(PC_OUT_BAD_MEDIA, "bad_media", 1, "images or videos missing or not a list of objects")       \
    X(PC_OUT_NO_PRICE, "no_price", 0, "price missing, empty or not a number")                      \
    X(PC_OUT_PRICE_WINDOW, "price_out_of_window", 0, "price outside the price window")             \
    X(PC_OUT_BAD_FIELD, "bad_field", 1,                                                            \
      "title not a string, or description/features not a list of strings")                         \
    X(PC_OUT_BAD_TEXT, "bad_text", 1, "text holds a lone surrogate (not encodable)")               \
    X(PC_OUT_TOO_SHORT, "too_short", 0, "content too short")                                       \
    X(PC_OUT_FEW_TOKENS, "too_few_tokens", 0, "too few tokens")                                    \
    X(PC_OUT_KEPT, "kept", 0, "item kept")

enum pc_outcome {
#define PC_X_OUT(name, key, invalid, desc) name,
    PC_OUTCOMES(PC_X_OUT)
#undef PC_X_OUT
        PC_OUT_COUNT
};

/* Stable key ("invalid_json"), description, and whether the outcome is an invalid line. */
const char *pc_outcome_key(int outcome);
const char *pc_outcome_desc(int outcome);
int pc_outcome_invalid(int outcome);

#endif
