/* Configuration of `pricer run`: one table of every option of every stage (with the
 * reference profile's defaults), loaded from YAML (libyaml) and overridden from the command
 * line, then turned into the argv of each stage command.
 *
 * YAML layout (see the files in examples/):
 *   data_dir: PATH           # folder with meta_<Category>.jsonl[.gz|.zst|.xz]
 *   categories: [A, B]       # which categories, in load order (default: the course's eight)
 *   files: [PATH, ...]       # or explicit input files (category from the file name)
 *   fetch: BOOL              # download missing categories into data_dir (pricer fetch)
 *   tokenizer: SPEC          # tokenizer.json / folder / hub id (default: Llama 3.1)
 *   jobs: N                  # worker threads for parse (0 = all cores)
 *   investigate: BOOL, report: BOOL, report_raw: BOOL, assess: BOOL
 *   parse:  {min_chars, ceiling_chars, min_tokens, max_tokens, min_price, max_price,
 *            question, prefix, clean_up, truncate}
 *   curate: {balance, seed, slot_cap, all_above, slot_min, slot_max, default_weight,
 *            weights: {CATEGORY: W}, dedup: off|prompt|title|parent_asin}
 *   split:  {seed, train, test, validation, allow_short, formats: [jsonl, parquet, openai],
 *            openai_train, openai_validation, group_by: off|prompt|title|parent_asin}
 * Relative paths in a config file are relative to the folder of that file.
 *
 * Ownership: a struct pc_runcfg owns every string it holds; not thread-safe. */
#ifndef PC_SETTINGS_SETTINGS_H
#define PC_SETTINGS_SETTINGS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

enum pc_run_section { PC_RUN_GLOBAL, PC_RUN_PARSE, PC_RUN_CURATE, PC_RUN_SPLIT, PC_RUN_NSECTION };

enum pc_runopt_type {
    PC_RUNOPT_STR,   /* any scalar; `choices` restricts it when set */
    PC_RUNOPT_PATH,  /* a path: made relative to the config file's folder */
    PC_RUNOPT_INT,   /* non-negative integer */
    PC_RUNOPT_NUM,   /* number (strtod syntax) */
    PC_RUNOPT_BOOL,  /* true/false/yes/no/on/off */
    PC_RUNOPT_LIST,  /* sequence of scalars (or one scalar; on the command line: a,b,c) */
    PC_RUNOPT_PATHS, /* LIST of paths (relative to the config file's folder) */
    PC_RUNOPT_MAP    /* mapping KEY: INTEGER (on the command line: KEY=INTEGER, repeatable) */
};

/* One option. `stage` is the stage whose command receives the option and whose fingerprint
 * it feeds (changing it reruns that stage and what follows); PC_RUN_GLOBAL options choose
 * inputs and which stages run. flag is the stage command's option (NULL: used by `pricer run`
 * itself); for a BOOL, flag is given when true and flag_off when false; for a LIST each item is
 * passed as `flag ITEM`, for a MAP each entry as `flag KEY=VALUE`. */
struct pc_runopt_def {
    int section;          /* enum pc_run_section: where the key lives in YAML */
    int stage;            /* enum pc_run_section: whose command receives flag */
    const char *key;      /* YAML key inside its section, e.g. "min_chars" */
    int type;             /* enum pc_runopt_type */
    const char *flag;     /* stage option, e.g. "--min-chars" */
    const char *flag_off; /* BOOL only: option when false (e.g. "--no-balance"), or NULL */
    const char *def;      /* reference default as text (lists comma-separated, maps K=V,..) */
    const char *choices;  /* "a|b|c" for enumerations, else NULL */
    const char *help;     /* one line for --help */
    const char *range;    /* INT / NUM: "LO..HI" or "LO.." (inclusive), else NULL */
};

/* The table, terminated by an entry with key == NULL. */
extern const struct pc_runopt_def pc_runopt_defs[];
size_t pc_runopt_count(void);

/* Section name as written in YAML ("" for top-level keys, "parse", "curate", "split"). */
const char *pc_run_section_name(int section);

/* Index of option SECTION.KEY (section "" for top level), or -1. */
int pc_runopt_find(const char *section, const char *key);
/* Index of the option named "section.key", or "key" for a top-level one; -1 when none. */
int pc_runopt_find_dotted(const char *name);

enum pc_runval_source { PC_RUNVAL_DEFAULT, PC_RUNVAL_CONFIG, PC_RUNVAL_CLI };

struct pc_runval {
    int source;   /* enum pc_runval_source */
    long line;    /* YAML line of the value (config only) */
    char **items; /* scalar: items[0]; list: the items; map: "KEY=VALUE" entries */
    size_t n;
};

struct pc_runcfg {
    struct pc_runval *vals; /* one per pc_runopt_defs entry */
    size_t nvals;
    char *config_path; /* the YAML file loaded, or NULL */
};

/* Fills every option with its default. PC_ENOMEM on failure (c is then released). */
int pc_runcfg_init(struct pc_runcfg *c);
void pc_runcfg_release(struct pc_runcfg *c);

/* Loads YAML text (name is used in messages: "NAME:LINE: problem"). Unknown keys, wrong
 * types and invalid YAML are PC_EFORMAT with err->file = name and err->line_no set. base_dir
 * (may be NULL) is prepended to relative PATH values. */
int pc_runcfg_load_text(struct pc_runcfg *c, const char *text, size_t n, const char *name,
                        const char *base_dir, struct pc_error *err);

/* Reads and loads a YAML file (paths relative to its folder). PC_EIO when unreadable. */
int pc_runcfg_load_file(struct pc_runcfg *c, const char *path, struct pc_error *err);

/* Sets option idx from command-line text (source CLI): scalars are checked against the
 * type, a LIST takes "a,b,c" (replacing the config's list), a MAP takes "KEY=VALUE" (first
 * CLI entry replaces the config's map, later ones add). PC_EINVAL with a message. */
int pc_runcfg_set(struct pc_runcfg *c, int idx, const char *text, struct pc_error *err);

/* Scalar value of option idx (its default when not set; "" when none). */
const char *pc_runcfg_str(const struct pc_runcfg *c, int idx);
/* Boolean value of option idx (0 for non-booleans). */
int pc_runcfg_bool(const struct pc_runcfg *c, int idx);

/* Appends the options received by stage `section` as NUL-separated strings to out (each argument
 * followed by '\0'), only for options set by the config or the command line, in table
 * order. Returns the number of arguments appended, or a negative error code. */
int pc_runcfg_stage_args(const struct pc_runcfg *c, int section, struct pc_buf *out);

/* Appends the resolved configuration as a JSON object (Python json.dumps style, keys in
 * table order, nested per section) to out. */
int pc_runcfg_to_json(const struct pc_runcfg *c, struct pc_buf *out);

#endif
