#!/usr/bin/env bash
# tokenizer.json components in forms no shipped file uses (Metaspace prepend schemes and split,
# unk / fuse_unk without byte fallback, added tokens with lstrip / rstrip / single_word, Strip
# and Metaspace decoders, Replace with a regex, Split on literals and on general regexes with
# every behavior and invert): `pricer tokenize` against Hugging Face tokenizers' ids and
# decodes (clean-up off and on), goldens from tests/gen/tok_variants.mjs; and components pricer
# lacks must be refused with a message naming them. Self-contained (committed small files).
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
G="$PC_ROOT/tests/golden/tok/variants"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$G" "$PC_ROOT/tests/golden/tok/tiny/tokenizer.json" "$tmp" <<'PY'
import copy, json, sys
g, tiny, tmp = sys.argv[1:]
bases = {'sp': json.load(open(f'{g}/base_sp.json', encoding='utf-8')),
         'bl': json.load(open(tiny, encoding='utf-8'))}
spec = json.load(open(f'{g}/spec.json', encoding='utf-8'))
cases = [json.loads(l) for l in open(f'{g}/cases.jsonl', encoding='utf-8')]
decs = [json.loads(l) for l in open(f'{g}/decode.jsonl', encoding='utf-8')]
with open(f'{tmp}/list', 'w') as lst:
    for v in spec:
        j = copy.deepcopy(bases[v['base']])
        for k, val in v['patch'].items():
            if k == 'model':
                j['model'].update(val)
            else:
                j[k] = val
        json.dump(j, open(f"{tmp}/{v['name']}.json", 'w', encoding='utf-8'), ensure_ascii=False)
        lst.write(f"{v['name']}\t{v.get('refuse', '')}\n")
        mine = [c for c in cases if c['variant'] == v['name']]
        with open(f"{tmp}/{v['name']}.enc", 'w', encoding='utf-8') as f:
            for c in mine:
                f.write(json.dumps({'text': c['text']}) + '\n')
        with open(f"{tmp}/{v['name']}.dec", 'w', encoding='utf-8') as f:
            for c in mine + [d for d in decs if d['variant'] == v['name']]:
                f.write(json.dumps(c['ids']) + '\n')
PY
fail=0
while IFS=$'\t' read -r name refuse; do
  tj="$tmp/$name.json"
  if [ -n "$refuse" ]; then
    if "$PRICER" tokenize --tokenizer "$tj" < /dev/null > /dev/null 2> "$tmp/err"; then
      echo "FAIL $name: loaded, expected a refusal naming $refuse"
      fail=1
    elif ! grep -qF -- "$refuse" "$tmp/err" || ! grep -q "unsupported tokenizer component" "$tmp/err"; then
      echo "FAIL $name: message does not name '$refuse': $(cat "$tmp/err")"
      fail=1
    else
      echo "$name: refused ($(sed 's/.*: //' "$tmp/err" | head -c 100))"
    fi
    continue
  fi
  "$PRICER" tokenize --tokenizer "$tj" < "$tmp/$name.enc" > "$tmp/$name.ids"
  "$PRICER" tokenize --decode --clean-up off --tokenizer "$tj" < "$tmp/$name.dec" > "$tmp/$name.raw"
  "$PRICER" tokenize --decode --clean-up on --tokenizer "$tj" < "$tmp/$name.dec" > "$tmp/$name.clean"
  python3 - "$G" "$tmp" "$name" <<'PY' || fail=1
import json, sys
g, tmp, name = sys.argv[1:]
def lines(p):
    return open(p, encoding='utf-8', newline='').read().split('\n')[:-1]
cases = [c for c in map(json.loads, lines(f'{g}/cases.jsonl')) if c['variant'] == name]
decs = [d for d in map(json.loads, lines(f'{g}/decode.jsonl')) if d['variant'] == name]
ids = [json.loads(l) for l in lines(f'{tmp}/{name}.ids')]
raw = [json.loads(l) for l in lines(f'{tmp}/{name}.raw')]
clean = [json.loads(l) for l in lines(f'{tmp}/{name}.clean')]
assert len(ids) == len(cases) and len(raw) == len(clean) == len(cases) + len(decs), name
bad = 0
for c, got in zip(cases, ids):
    if c['ids'] != got:
        bad += 1
        if bad <= 4: print(f"{name}: {c['text'][:60]!r}\n  expected {c['ids'][:30]}\n  got      {got[:30]}")
for c, r, k in zip(cases + decs, raw, clean):
    if c['raw'] != r or c['clean'] != k:
        bad += 1
        if bad <= 8: print(f"{name}: decode {c['ids'][:20]}: expected {c['raw'][:80]!r}, got {r[:80]!r}")
print(f'{name}: {len(cases)} encodes + {len(cases) + len(decs)} decodes, {bad} mismatches')
sys.exit(1 if bad else 0)
PY
done < "$tmp/list"
exit $fail
