#!/bin/sh
# Fuzz campaign: every fuzz/fuzz_*.c target for MINUTES minutes each under libFuzzer with
# AddressSanitizer + UBSan, at most JOBS (default 2) at a time, at nice 19.
#
#   fuzz/run_all.sh MINUTES [JOBS]
#
# Builds build-fuzz/ (clang, -DPC_FUZZ=ON -DPC_SANITIZE=ON). Each target starts from a copy
# of its checked-in seed corpus (fuzz/corpus/NAME) in build-fuzz/campaign/NAME/corpus, so
# the checked-in corpus is never changed; crashes, leaks and timeouts land as
# build-fuzz/campaign/NAME/crash-* (etc.) and the log as build-fuzz/campaign/NAME/log.
# Prints one line per target (executions, final coverage, findings) and writes the same
# table to build-fuzz/campaign/summary.txt. Exit status 1 when any target had a finding.
# Environment: PC_FUZZ_TARGETS="fuzz_json fuzz_runcfg" runs only those targets;
# PC_FUZZ_BUILD=DIR builds and writes there instead of build-fuzz.
set -eu
MINUTES=${1:?usage: fuzz/run_all.sh MINUTES [JOBS]}
JOBS=${2:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${PC_FUZZ_BUILD:-$ROOT/build-fuzz}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/campaign
cd "$ROOT"
SECONDS_EACH=$((MINUTES * 60))

# One target: run it, keep its exit status next to the log.
run_one() {
    t=$1
    d=$OUT/$t
    set +e
    PC_ROOT=$ROOT nice -n 19 "$BUILD/fuzz/${t}_libfuzzer" -max_total_time="$SECONDS_EACH" \
        -print_final_stats=1 -artifact_prefix="$d/" -timeout=60 -rss_limit_mb=4096 \
        "$d/corpus" >"$d/log" 2>&1
    echo $? >"$d/status"
}
if [ "${PC_FUZZ_WORKER:-}" = 1 ]; then
    run_one "$3"
    exit 0
fi


nice -n 19 cmake -S . -B "$BUILD" -DPC_FUZZ=ON -DPC_SANITIZE=ON -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
TARGETS=${PC_FUZZ_TARGETS:-$(for f in fuzz/fuzz_*.c; do basename "$f" .c; done)}
for t in $TARGETS; do
    nice -n 19 cmake --build "$BUILD" --target "${t}_libfuzzer" -j "$JOBS" >/dev/null
done

mkdir -p "$OUT"
for t in $TARGETS; do
    rm -rf "$OUT/$t"
    mkdir -p "$OUT/$t/corpus"
    cp fuzz/corpus/"$t"/* "$OUT/$t/corpus/" 2>/dev/null || true
done

echo "fuzz campaign: $MINUTES min per target, $JOBS at a time, logs in $OUT" >&2
printf '%s\n' $TARGETS | PC_FUZZ_WORKER=1 xargs -P "$JOBS" -I{} "$0" "$MINUTES" "$JOBS" {}

{
    printf '%-14s %14s %10s %8s %s\n' target executions exec/s cov findings
    for t in $TARGETS; do
        d=$OUT/$t
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$d/log" | tail -1)
        cov=$(grep -o 'cov: [0-9]*' "$d/log" | tail -1 | cut -d' ' -f2)
        found=$(find "$d" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
            -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
        rc=$(cat "$d/status" 2>/dev/null || echo '?')
        printf '%-14s %14s %10s %8s %s (exit %s)\n' "$t" "${runs:-?}" "${rate:-?}" \
            "${cov:-?}" "$found" "$rc"
    done
} | tee "$OUT/summary.txt"
# A clean target ends with exit 0 and no artifact.
awk 'NR > 1 && !($5 == 0 && $7 == "0)") { bad = 1 } END { exit bad }' "$OUT/summary.txt"
