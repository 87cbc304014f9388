/* Errors as values: every fallible core function returns an int (0 = PC_OK, negative = one
 * code of PC_ERRORS) and, when given a non-NULL struct pc_error, fills it with a message and
 * the position of the problem. The core never prints and never exits. */
#ifndef PC_CORE_ERROR_H
#define PC_CORE_ERROR_H

#include <stddef.h>
#include <stdint.h>

#define PC_ERRORS(X)                                                                               \
    X(PC_OK, 0, "ok")                                                                              \
    X(PC_ENOMEM, -1, "out of memory")                                                              \
    X(PC_EIO, -2, "input/output error")                                                            \
    X(PC_EFORMAT, -3, "invalid format")                                                            \
    X(PC_EUNSUPPORTED, -4, "unsupported")                                                          \
    X(PC_EINVAL, -5, "invalid argument")                                                           \
    X(PC_ERANGE, -6, "out of range")                                                               \
    X(PC_ENOTFOUND, -7, "not found")                                                               \
    X(PC_ECANCELED, -8, "canceled")                                                                \
    X(PC_ETOOBIG, -9, "too big")                                                                   \
    X(PC_ESHORT, -10, "not enough data")                                                           \
    X(PC_EBUSY, -11, "in use")

enum pc_code {
#define PC_X_ENUM(name, value, text) name = value,
    PC_ERRORS(PC_X_ENUM)
#undef PC_X_ENUM
};

/* Details of a failure. file is the input the problem was found in ("" when none),
 * line_no is 1-based (0 when not applicable), byte_offset is from the start of the file
 * (-1 when unknown). Plain value type: no ownership, safe to copy. */
struct pc_error {
    int code;
    char message[512];
    char file[512];
    int64_t line_no;
    int64_t byte_offset;
};

/* Resets err to PC_OK with empty message/file, line_no 0, byte_offset -1. err may be NULL. */
void pc_error_clear(struct pc_error *err);

/* Fills err (if non-NULL) with code and a printf-style message; returns code so callers can
 * write `return pc_error_set(err, PC_EINVAL, "bad %s", x);`. Keeps err->file/line_no. */
int pc_error_set(struct pc_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets the position fields of err (file may be NULL to keep it). err may be NULL. */
void pc_error_at(struct pc_error *err, const char *file, int64_t line_no, int64_t byte_offset);

/* Static text for a code, e.g. "out of memory"; "unknown error" for unknown codes. */
const char *pc_strerror(int code);

#endif
