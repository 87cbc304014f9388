// Goldens for the Python package's Tokenizer (tests/python/test_tokenizer.py) from Hugging
// Face tokenizers (npm `tokenizers`, native): encode ids and tokens, id_to_token,
// token_to_id, vocabulary size, and decode with skip_special_tokens.
//   node tests/gen/py_tok_goldens.mjs TOKENIZER.json > tests/golden/python/tok_llama3_1.json
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const t = Tokenizer.fromFile(process.argv[2]);
const texts = [
  'hello world',
  'hello<|eot_id|>world',
  'Price is $12.00',
  '  leading spaces, tabs\tand\nnew lines\r\n',
  "don't stop — it's 3.5\" wide, naïve café 日本語 🔥",
  '<|begin_of_text|>How much does this cost to the nearest dollar?\n\nPrice is $',
  '',
];
const encode = [];
for (const text of texts) {
  const e = await t.encode(text, null, { addSpecialTokens: false });
  encode.push({ text, ids: Array.from(e.getIds()), tokens: e.getTokens() });
}
const ids = [0, 1, 220, 1917, 15339, 9468, 128000, 128009, 128255, 128256, 500000];
const id_to_token = ids.map((id) => [id, t.idToToken(id) ?? null]);
const tokens = ['Ġworld', 'hello', '<|eot_id|>', '<|begin_of_text|>', 'Ċ', 'ĠPrice', 'not-a-token-xyz'];
const token_to_id = tokens.map((s) => [s, t.tokenToId(s) ?? null]);
const skip = [];
for (const seq of [[128000, 15339, 128009, 14957], [15339, 1917, 128001], [128000]]) {
  skip.push({ ids: seq, skip: await t.decode(seq, true), keep: await t.decode(seq, false) });
}
process.stdout.write(JSON.stringify({ vocab_size: t.getVocabSize(true), encode, id_to_token,
  token_to_id, decode: skip }, null, 1) + '\n');
