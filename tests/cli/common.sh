# Shared start of the CLI test scripts (sourced after their skip checks): a temporary folder
# $T, removed at exit and made the current directory; fail (records a failure in $bad) and
# ok (a passed check); under ThreadSanitizer, the first report stops the program.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1}"
bad=0
fail() { echo "FAIL: $*"; bad=1; }
ok() { echo "ok   $*"; }
