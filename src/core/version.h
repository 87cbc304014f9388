/* The pricer version, recorded in run.json and in every stage fingerprint. */
#ifndef PC_CORE_VERSION_H
#define PC_CORE_VERSION_H

#include "pricer/version.h" /* the one place the version is set */
#define PRICER_VERSION PRICER_VERSION_STRING

#endif
