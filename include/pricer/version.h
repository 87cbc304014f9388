/* pricer's version. The build reads PRICER_VERSION_STRING from this file (CMake, pricer.pc,
 * the SONAME, the Parquet created_by field), so it is the one place the version is set. */
#ifndef PRICER_VERSION_H
#define PRICER_VERSION_H

#define PRICER_VERSION_MAJOR 0
#define PRICER_VERSION_MINOR 1
#define PRICER_VERSION_PATCH 0
#define PRICER_VERSION_STRING "0.1.0"

/* Marks the functions of the public API: the only symbols libpricer.so exports (the library
 * is built with -fvisibility=hidden; everything under src/ stays internal). */
#if defined(__GNUC__) || defined(__clang__)
#define PRICER_API __attribute__((visibility("default")))
#else
#define PRICER_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library actually linked ("0.1.0"); static string, thread-safe. */
PRICER_API const char *pricer_version(void);

#ifdef __cplusplus
}
#endif

#endif
