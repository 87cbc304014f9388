/* Errors of the public API: every fallible pricer_* function returns an int, 0
 * (PRICER_OK) on success or a negative code below, and, when given a non-NULL struct
 * pricer_error, fills it with a message and the position of the problem (file, line,
 * byte offset) when the problem is in an input. The library never prints and never exits. */
#ifndef PRICER_ERROR_H
#define PRICER_ERROR_H

#include <stdint.h>

#include "pricer/version.h"

#ifdef __cplusplus
extern "C" {
#endif

enum pricer_code {
    PRICER_OK = 0,
    PRICER_ENOMEM = -1,       /* out of memory */
    PRICER_EIO = -2,          /* a file could not be opened, read or written */
    PRICER_EFORMAT = -3,      /* an input is not in the expected format */
    PRICER_EUNSUPPORTED = -4, /* e.g. a tokenizer.json component pricer does not implement */
    PRICER_EINVAL = -5,       /* a bad argument or option */
    PRICER_ERANGE = -6,       /* e.g. a token id outside the vocabulary */
    PRICER_ENOTFOUND = -7,    /* e.g. no tokenizer at that path or in the hub cache */
    PRICER_ECANCELED = -8,
    PRICER_ETOOBIG = -9, /* a line or value over the library's limits */
    PRICER_ESHORT = -10  /* e.g. a sample smaller than the splits asked for */
};

/* Details of a failure. Plain value type (no ownership), safe to copy. file is the input
 * the problem was found in ("" when none), line is 1-based (0 when not applicable), offset
 * is the byte offset from the start of that file (-1 when unknown). */
struct pricer_error {
    int code;
    char message[512];
    char file[512];
    int64_t line;
    int64_t offset;
};

/* Static English text of a code ("out of memory"); "unknown error" for other values. */
PRICER_API const char *pricer_strerror(int code);

/* Frees memory the library returned (ids, strings). Accepts NULL. */
PRICER_API void pricer_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
