// Live reference for tests/cli/test_tokenize_real.sh: encodes every {"text": ...} line of a
// JSONL file with Hugging Face tokenizers (npm, native) and prints one "[1, 2, 3]" line each.
//   node tests/gen/tok_live.mjs TOKENIZER.json IN.jsonl > OUT
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const [tokPath, inPath] = process.argv.slice(2);
const t = Tokenizer.fromFile(tokPath);
const out = [];
for (const line of readFileSync(inPath, 'utf8').split('\n')) {
  if (!line) continue;
  const e = await t.encode(JSON.parse(line).text, null, { addSpecialTokens: false });
  out.push(`[${Array.from(e.getIds()).join(', ')}]`);
}
process.stdout.write(out.join('\n') + '\n');
