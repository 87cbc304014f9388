#include "item/outcome.h"

static const struct {
    const char *key, *desc;
    int invalid;
} outcomes[] = {
#define PC_X_OUT(name, key, invalid, desc) {key, desc, invalid},
    PC_OUTCOMES(PC_X_OUT)
#undef PC_X_OUT
};

const char *pc_outcome_key(int o)
{
    return o >= 0 && o < PC_OUT_COUNT ? outcomes[o].key : "unknown";
}

const char *pc_outcome_desc(int o)
{
    return o >= 0 && o < PC_OUT_COUNT ? outcomes[o].desc : "unknown";
}

int pc_outcome_invalid(int o)
{
    return o >= 0 && o < PC_OUT_COUNT ? outcomes[o].invalid : 1;
}
