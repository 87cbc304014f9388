/* Prints the token ids of its first argument as a JSON array, with pricer's default
 * tokenizer (Llama 3.1):
 *
 *   cc tokenize.c $(pkg-config --cflags --libs pricer) -o tokenize
 *   ./tokenize "hello world"          ->  [15339, 1917]
 *
 * A second argument names another tokenizer (tokenizer.json, folder or hub model id). */
#include <stdio.h>
#include <string.h>

#include <pricer/pricer.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: tokenize TEXT [TOKENIZER]\n");
        return 2;
    }
    struct pricer_error err;
    pricer_tokenizer *tok;
    if (pricer_tokenizer_load(argc > 2 ? argv[2] : NULL, &tok, &err) != PRICER_OK) {
        fprintf(stderr, "tokenize: %s\n", err.message);
        return 1;
    }
    uint32_t *ids;
    size_t n;
    if (pricer_tokenizer_encode(tok, argv[1], strlen(argv[1]), &ids, &n, &err) != PRICER_OK) {
        fprintf(stderr, "tokenize: %s\n", err.message);
        pricer_tokenizer_free(tok);
        return 1;
    }
    printf("[");
    for (size_t i = 0; i < n; i++) printf("%s%u", i ? ", " : "", ids[i]);
    printf("]\n");
    pricer_free(ids);
    pricer_tokenizer_free(tok);
    return 0;
}
