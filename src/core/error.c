#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pc_error_clear(struct pc_error *err)
{
    if (!err) return;
    err->code = PC_OK;
    err->message[0] = '\0';
    err->file[0] = '\0';
    err->line_no = 0;
    err->byte_offset = -1;
}

int pc_error_set(struct pc_error *err, int code, const char *fmt, ...)
{
    if (!err) return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void pc_error_at(struct pc_error *err, const char *file, int64_t line_no, int64_t byte_offset)
{
    if (!err) return;
    if (file) snprintf(err->file, sizeof err->file, "%s", file);
    err->line_no = line_no;
    err->byte_offset = byte_offset;
}

const char *pc_strerror(int code)
{
    switch (code) {
#define PC_X_CASE(name, value, text)                                                               \
    case name:                                                                                     \
        return text;
        PC_ERRORS(PC_X_CASE)
#undef PC_X_CASE
    }
    return "unknown error";
}
