/* Finding the tokenizer.json of a spec: a file, a folder, the default, or a model id looked
 * up in the local Hugging Face hub cache. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tok/tok_internal.h"

/* A readable regular file (checked without opening it: the file is opened once, to load). */
static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, R_OK) == 0;
}

/* Tries one hub root: <root>/models--ORG--NAME/snapshots/{refs/main, any}/tokenizer.json. */
static int try_root(const char *root, const char *model_id, char *out, size_t cap)
{
    char base[4096], name[1024];
    size_t k = 0;
    for (const char *p = model_id; *p && k + 3 < sizeof name; p++) {
        if (*p == '/') {
            name[k++] = '-';
            name[k++] = '-';
        } else {
            name[k++] = *p;
        }
    }
    name[k] = '\0';
    if ((size_t)snprintf(base, sizeof base, "%s/models--%s", root, name) >= sizeof base) return 0;
    char ref[4200], rev[256] = "";
    snprintf(ref, sizeof ref, "%s/refs/main", base);
    FILE *f = fopen(ref, "r");
    if (f) {
        if (fgets(rev, sizeof rev, f)) rev[strcspn(rev, "\r\n")] = '\0';
        fclose(f);
        if (rev[0] && !strchr(rev, '/') &&
            (size_t)snprintf(out, cap, "%s/snapshots/%s/tokenizer.json", base, rev) < cap &&
            file_exists(out))
            return 1;
    }
    char snaps[4200];
    snprintf(snaps, sizeof snaps, "%s/snapshots", base);
    DIR *d = opendir(snaps);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if ((size_t)snprintf(out, cap, "%s/%s/tokenizer.json", snaps, e->d_name) < cap &&
            file_exists(out))
            found = 1;
    }
    closedir(d);
    return found;
}

int tok_find_hub(const char *model_id, const struct pc_tok_env *env, char *out, size_t cap)
{
    char root[4096];
    const char *v;
    if (!env) return PC_ENOTFOUND;
    if ((v = env->hf_hub_cache) && *v && try_root(v, model_id, out, cap)) return PC_OK;
    if ((v = env->hf_home) && *v) {
        snprintf(root, sizeof root, "%s/hub", v);
        if (try_root(root, model_id, out, cap)) return PC_OK;
    }
    if ((v = env->home) && *v) {
        snprintf(root, sizeof root, "%s/.cache/huggingface/hub", v);
        if (try_root(root, model_id, out, cap)) return PC_OK;
    }
    return PC_ENOTFOUND;
}

static int is_dir(const char *p);

/* Resolves spec to a tokenizer.json path (out) and the folder holding it (dir). */
int tok_resolve(const char *spec, const struct pc_tok_env *env, char *out, size_t cap,
                struct pc_error *err)
{
    if ((!spec || !*spec) && env) spec = env->tokenizer;
    char installed[4096];
    if ((!spec || !*spec) && pc_tok_installed_default(installed, sizeof installed) == PC_OK)
        spec = installed;
#ifdef PC_DEFAULT_TOKENIZER
    if (!spec || !*spec) {
        spec = PC_DEFAULT_TOKENIZER;
        if (!file_exists(spec))
            return pc_error_set(err, PC_ENOTFOUND,
                                "default tokenizer '%s' not found; run ./setup.sh or pass "
                                "--tokenizer PATH",
                                spec);
    }
#endif
    if (!spec || !*spec)
        return pc_error_set(err, PC_ENOTFOUND,
                            "no tokenizer configured; run ./setup.sh or pass --tokenizer PATH");
    if (is_dir(spec)) {
        if ((size_t)snprintf(out, cap, "%s/tokenizer.json", spec) >= cap)
            return pc_error_set(err, PC_EINVAL, "tokenizer path too long");
        if (!file_exists(out))
            return pc_error_set(err, PC_ENOTFOUND, "no tokenizer.json in folder '%s'", spec);
        return PC_OK;
    }
    if (file_exists(spec)) {
        if ((size_t)snprintf(out, cap, "%s", spec) >= cap)
            return pc_error_set(err, PC_EINVAL, "tokenizer path too long");
        return PC_OK;
    }
    const char *slash = strchr(spec, '/');
    if (slash && slash != spec && !strchr(slash + 1, '/') && slash[1] && spec[0] != '.' &&
        tok_find_hub(spec, env, out, cap) == PC_OK)
        return PC_OK;
    return pc_error_set(err, PC_ENOTFOUND,
                        "cannot open tokenizer '%s': no such file, folder or model in the "
                        "Hugging Face cache",
                        spec);
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}
