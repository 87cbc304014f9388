// Peers for bench/tok_bench.sh: Hugging Face tokenizers (npm `tokenizers`, native Rust) and
// tiktoken (npm, WASM, given the Llama 3 ranks derived from tokenizer.json) encode the same
// corpus; prints one line per peer: "name MB/s_cpu MB/s_wall mismatching_docs" where a mismatch
// is a document whose ids differ from pricer's (ids file: one "[1, 2]" line per document).
// Then "patho <name> <doc> <ms>" lines for the pathological single pieces.
//   node bench/tok_bench_peers.mjs TOKENIZER.json CORPUS.jsonl PRICER_IDS PATHO.jsonl
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const { Tiktoken } = require('tiktoken/lite');
const [tokPath, corpusPath, idsPath, pathoPath] = process.argv.slice(2);
const lines = (p) => readFileSync(p, 'utf8').split('\n').slice(0, -1);
const docs = lines(corpusPath).map((l) => JSON.parse(l).text);
const expected = lines(idsPath);
const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d), 0);
const idsLine = (ids) => `[${Array.from(ids).join(', ')}]`;

function cpu() { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }

async function run(name, encode) {
  for (let i = 0; i < Math.min(200, docs.length); i++) await encode(docs[i]); // warm-up
  const got = new Array(docs.length);
  const c0 = cpu(), w0 = performance.now();
  for (let i = 0; i < docs.length; i++) got[i] = await encode(docs[i]);
  const c = cpu() - c0, w = (performance.now() - w0) / 1000;
  let bad = 0;
  for (let i = 0; i < docs.length; i++) if (idsLine(got[i]) !== expected[i]) bad++;
  console.log(`${name} ${(bytes / 1e6 / c).toFixed(2)} ${(bytes / 1e6 / w).toFixed(2)} ${bad}`);
}

const hf = Tokenizer.fromFile(tokPath);
const hfEncode = async (s) => (await hf.encode(s, null, { addSpecialTokens: false })).getIds();

// tiktoken: ranks = the byte-level vocabulary mapped back to bytes, rank = id.
const j = JSON.parse(readFileSync(tokPath, 'utf8'));
const byteOfChar = new Map();
{
  let n = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
    byteOfChar.set(String.fromCodePoint(printable ? b : n++), b);
  }
}
const ranks = [];
for (const [k, id] of Object.entries(j.model.vocab)) {
  const b = Array.from(k, (c) => byteOfChar.get(c));
  if (b.some((x) => x === undefined)) continue;
  ranks.push(`${Buffer.from(b).toString('base64')} ${id}`);
}
const specials = {};
for (const a of j.added_tokens) specials[a.content] = a.id;
const split = j.pre_tokenizer.pretokenizers.find((p) => p.type === 'Split').pattern.Regex;
const tt = new Tiktoken(ranks.join('\n'), specials, split);
const ttEncode = async (s) => tt.encode(s, 'all');

await run('hf-tokenizers-native', hfEncode);
await run('tiktoken-wasm', ttEncode);

const patho = lines(pathoPath).map((l) => JSON.parse(l));
for (const [name, enc] of [['hf-tokenizers-native', hfEncode], ['tiktoken-wasm', ttEncode]]) {
  for (const p of patho) {
    const t0 = performance.now();
    await enc(p.text);
    console.log(`patho ${name} ${p.name} ${(performance.now() - t0).toFixed(2)}`);
  }
}
tt.free();
