/* pricer's public library interface: the only header the CLI includes. */
#ifndef PRICER_H
#define PRICER_H

#define PRICER_VERSION "0.1.0"

#include "core/error.h"
#include "core/buf.h"
#include "text/utf8.h"
#include "text/ucd.h"
#include "text/nfc.h"
#include "json/json.h"
#include "io/atomic.h"
#include "tok/tok.h"
#include "tok/pretok.h"
#include "report/termhist.h"
#include "run/runcfg.h"
#include "run/runstate.h"
#include "run/sha256.h"
#include "synth/synth.h"
#include "curate/rng.h"
#include "curate/items.h"
#include "curate/balance.h"
#include "curate/split.h"
#include "out/parquet.h"
#include "out/export.h"
#include "report/stats.h"
#include "report/svg.h"
#include "report/records.h"
#include "report/collect.h"
#include "report/html.h"
#include "assess/minhash.h"
#include "assess/assess.h"

#endif
