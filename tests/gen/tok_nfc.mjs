// Generates tests/golden/tok/sweep_nfc.txt: Hugging Face tokenizers' NFC normalizer (npm
// `tokenizers`, the real Rust code Qwen's tokenizer.json uses) over every code point in
// combining contexts, as one CRC-32 per block of 256 code points, plus exact cases.
//
// Usage (repo root): NODE_PATH=node_modules node tests/gen/tok_nfc.mjs
//
// Block text (surrogates skipped): for each code point c of the block, the contexts
// "A" c U+0301 U+0328 c U+0300 "e" c U+0323 U+0302 (c as a base, as a mark, before a
// reorder), concatenated. Lines: "B <block> <crc32 hex of the UTF-8 NFC output> <bytes>".
// Exact lines: "X <hex input> <hex output>" for hand-picked and differing cases.
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';

const require = createRequire(path.resolve('node_modules') + '/');
const nfc = require('tokenizers').nfcNormalizer();

export function blockText(b) {
    let s = '';
    for (let c = b * 256; c < b * 256 + 256; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const x = String.fromCodePoint(c);
        s += 'A' + x + '\u0301\u0328' + x + '\u0300e' + x + '\u0323\u0302';
    }
    return s;
}

const lines = [];
let differJs = 0;
for (let b = 0; b < 0x1100; b++) {
    const s = blockText(b);
    const out = Buffer.from(nfc.normalizeString(s), 'utf8');
    if (out.toString('utf8') !== s.normalize('NFC')) differJs++;
    lines.push(`B ${b} ${zlib.crc32(out).toString(16).padStart(8, '0')} ${out.length}`);
}
const hex = (s) => Buffer.from(s, 'utf8').toString('hex');
const cases = [
    'cafe\u0301', 'e\u0301\u0323', 'e\u0323\u0301', 'A\u030a', '\u212b', '\u2126', 'Ω',
    '\u1100\u1161\u11a8', '\u1100\u1161', '\uac00\u11a8', 'ﬁ', '\u0344', '\u0958', 'ẛ\u0323',
    'a\u0591\u05b0', 'a\u05b0\u0591', 'x\u1df6\u0301', 'a\u0899\u0301', '\u0915\u093c',
    '\u{1d15e}', '\u{2f800}', 'Ä\u0308', 'ǘ', 'u\u0308\u0301', 'o\u031b\u0323',
    '\u3099\u304b', '\u304b\u3099', '\u{11099}\u{110ba}', '\u{113c2}\u{113b8}', 'ṩ',
    's\u0307\u0323', 'ñandú', '한국어', '\u110c\u1161\u11b7', 'Ⅻ²', '😀\u0301',
];
for (const c of cases) lines.push(`X ${hex(c)} ${hex(nfc.normalizeString(c))}`);
fs.mkdirSync('tests/golden/tok', { recursive: true });
fs.writeFileSync('tests/golden/tok/sweep_nfc.txt', lines.join('\n') + '\n');
console.log(`wrote ${lines.length} lines; ${differJs} blocks where JS normalize('NFC') differs from HF`);
