/* The pricer version, recorded in run.json and in every stage fingerprint. */
#ifndef PC_CORE_VERSION_H
#define PC_CORE_VERSION_H

#define PRICER_VERSION "0.1.0"

#endif
