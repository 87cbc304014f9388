#!/usr/bin/env bash
# pricer fetch speed on the loopback, side by side with its peer: the curl program + sha256sum
# (download, then hash), and --verify against sha256sum. The file is 212,990,142 bytes of
# zeros named meta_All_Beauty.jsonl (the official All_Beauty size, so pricer hashes it all;
# the hash then differs, which pricer reports as it should). nginx serves it from a temp
# folder. Reports CPU seconds (user+sys) and wall, best of N runs (default 3).
# Usage: bench/fetch_bench.sh [RUNS]   (needs nginx, curl, sha256sum; not a pass/fail test)
set -uo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
PRICER=${PRICER:-build/pricer}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
T=$(mktemp -d)
NG="$T/ng"
trap '[ -f "$NG/nginx.pid" ] && kill -QUIT "$(cat "$NG/nginx.pid")"; sleep 0.2; rm -rf "$T"' EXIT
mkdir -p "$NG/tmp" "$T/www" "$T/out"
head -c 212990142 /dev/zero >"$T/www/meta_All_Beauty.jsonl"
PORT=$((30000 + RANDOM % 20000))
user=""
[ "$(id -u)" = 0 ] && user="user root root;"
cat >"$NG/nginx.conf" <<CONF
$user
worker_processes 1;
error_log $NG/error.log;
pid $NG/nginx.pid;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $NG/tmp/body;
    proxy_temp_path $NG/tmp/proxy;
    fastcgi_temp_path $NG/tmp/fastcgi;
    uwsgi_temp_path $NG/tmp/uwsgi;
    scgi_temp_path $NG/tmp/scgi;
    server {
        listen 127.0.0.1:$PORT;
        location /datasets/McAuley-Lab/Amazon-Reviews-2023/resolve/main/raw/meta_categories/ {
            alias $T/www/;
        }
    }
}
CONF
"$NGINX" -p "$NG" -e "$NG/error.log" -c "$NG/nginx.conf" || exit 1
sleep 0.3
URL="http://127.0.0.1:$PORT/datasets/McAuley-Lab/Amazon-Reviews-2023/resolve/main/raw/meta_categories/meta_All_Beauty.jsonl"

# best "cpu wall" of RUNS runs of a command (CPU = user+sys, /usr/bin/time)
best() {
    local bc=999999 bw=999999 u sy e c
    for _ in $(seq "$RUNS"); do
        rm -f "$T/out/"*
        read -r u sy e < <(/usr/bin/time -f "%U %S %e" "$@" 2>&1 >/dev/null | tail -1)
        c=$(echo "$u + $sy" | bc -l)
        bc=$(echo "if ($c < $bc) $c else $bc" | bc -l)
        bw=$(echo "if ($e < $bw) $e else $bw" | bc -l)
    done
    printf "%.2f %.2f" "$bc" "$bw"
}
peer_dl() { curl -s -o "$T/out/f" "$URL" && sha256sum "$T/out/f"; }
export -f peer_dl
export URL T

read -r pc pw <<<"$(best env HF_ENDPOINT="http://127.0.0.1:$PORT" "$PRICER" fetch --no-cache --retries 0 All_Beauty -o "$T/out")"
read -r cc cw <<<"$(best bash -c peer_dl)"
read -r vc vw <<<"$(best "$PRICER" fetch --verify -o "$T/www")"
read -r sc sw <<<"$(best sha256sum "$T/www/meta_All_Beauty.jsonl")"
echo "213 MB over the loopback (best of $RUNS; CPU = user+sys seconds)"
printf "  %-40s CPU %6.2f s  wall %6.2f s  %6.0f MB/s wall\n" "pricer fetch (download + SHA-256)" "$pc" "$pw" "$(echo "213/$pw" | bc -l)"
printf "  %-40s CPU %6.2f s  wall %6.2f s  %6.0f MB/s wall\n" "curl -o + sha256sum" "$cc" "$cw" "$(echo "213/$cw" | bc -l)"
printf "  ratio (peer / pricer): CPU %.2f  wall %.2f\n" "$(echo "$cc/$pc" | bc -l)" "$(echo "$cw/$pw" | bc -l)"
printf "  %-40s CPU %6.2f s  wall %6.2f s\n" "pricer fetch --verify" "$vc" "$vw"
printf "  %-40s CPU %6.2f s  wall %6.2f s\n" "sha256sum" "$sc" "$sw"
printf "  ratio (sha256sum / pricer): CPU %.2f  wall %.2f\n" "$(echo "$sc/$vc" | bc -l)" "$(echo "$sw/$vw" | bc -l)"
