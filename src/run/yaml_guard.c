#include "run/yaml_guard.h"

#include <yaml.h>

static int digits(const char *s, const char **end)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9') p++;
    *end = p;
    return (int)(p - s);
}

const char *pc_yaml_guard_int(const char *s)
{
    const char *end;
    int n = digits(s, &end);
    if (n == 0 || *end) return "not plain decimal digits";
    if (n > 1 && s[0] == '0') return "a leading zero is ambiguous (octal in YAML 1.1)";
    return NULL;
}

const char *pc_yaml_guard_num(const char *s)
{
    const char *p = s, *end;
    if (*p == '-') p++;
    int n = digits(p, &end);
    if (n == 0) return "not a decimal number";
    if (n > 1 && p[0] == '0') return "a leading zero is ambiguous (octal in YAML 1.1)";
    p = end;
    if (*p == '.') {
        if (digits(p + 1, &end) == 0) return "no digits after the decimal point";
        p = end;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (digits(p, &end) == 0) return "no digits in the exponent";
        p = end;
    }
    return *p ? "not a decimal number" : NULL;
}

int pc_yaml_guard_depth(const char *text, size_t n, const char *name, int max_depth,
                        struct pc_error *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return pc_error_set(err, PC_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    int depth = 0, rc = PC_OK;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) break; /* reported by the real load */
        yaml_event_type_t t = ev.type;
        size_t line = ev.start_mark.line;
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT) break;
        if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
            if (++depth > max_depth) {
                rc = pc_error_set(err, PC_EFORMAT,
                                  "nesting deeper than %d levels (a configuration needs 3)",
                                  max_depth);
                pc_error_at(err, name, (int64_t)line + 1, -1);
                break;
            }
        } else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) {
            depth--;
        }
    }
    yaml_parser_delete(&parser);
    return rc;
}
