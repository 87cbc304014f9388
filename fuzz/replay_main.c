/* Runs a fuzz target over every file of a corpus folder (and, with PC_FUZZ_RANDOM=N, over N
 * pseudo-random inputs), so CTest exercises each target without libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) return 0;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 1;
}

int main(int argc, char **argv)
{
    int files = 0;
    for (int i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        if (!d) {
            files += run_file(argv[i]);
            continue;
        }
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
            files += run_file(p);
        }
        closedir(d);
    }
    /* A few thousand random inputs built from corpus-like bytes, deterministic. */
    uint64_t x = 0x9E3779B97F4A7C15ull;
    uint8_t buf[512];
    int rounds = getenv("PC_FUZZ_RANDOM") ? atoi(getenv("PC_FUZZ_RANDOM")) : 2000;
    static const char alphabet[] = "{}[]\":,0123456789.eE+-truefalsnul \\u\n\r\tab\xc3\xa9\xe2\x80";
    for (int r = 0; r < rounds; r++) {
        size_t n = (size_t)(r % 200);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[i] =
                (x & 3) ? (uint8_t)alphabet[(x >> 8) % (sizeof alphabet - 1)] : (uint8_t)(x >> 16);
        }
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("replayed %d corpus files and %d random inputs\n", files, rounds);
    return 0;
}
