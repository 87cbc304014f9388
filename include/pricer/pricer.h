/* pricer's public API: turning Amazon product metadata into price-prediction training data
 * (tokenizer, parse, curate, split/export). Link with `pkg-config --cflags --libs pricer`.
 * Every function is declared with its contract (ownership, thread-safety, errors) in the
 * header of its area; nothing outside include/pricer/ is part of the API. */
#ifndef PRICER_PRICER_H
#define PRICER_PRICER_H

#include "pricer/version.h"
#include "pricer/error.h"
#include "pricer/tokenizer.h"
#include "pricer/parse.h"
#include "pricer/curate.h"
#include "pricer/split.h"
#include "pricer/run.h"

#endif
