/* The per-thread share of divided work (see clock.h). */
#include "core/clock.h"

static _Thread_local double share;

void pc_par_share_add(double seconds)
{
    share += seconds;
}

double pc_par_share(void)
{
    return share;
}
