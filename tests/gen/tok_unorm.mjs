// Generates tests/golden/tok/sweep_{nfd,nfkc,nfkd}.txt: Hugging Face tokenizers' NFD, NFKC
// and NFKD normalizers (npm `tokenizers`, the Rust code a tokenizer.json with
// "normalizer": {"type": "NFKC"} runs) over every code point in combining contexts, as one
// CRC-32 per block of 256 code points, plus exact cases (compatibility characters).
//
// Usage (repo root): NODE_PATH=node_modules node tests/gen/tok_unorm.mjs
//
// Same block text and line format as tests/gen/tok_nfc.mjs (read by tests/unit/test_unorm.c):
// "B <block> <crc32 hex of the UTF-8 output> <bytes>" and "X <hex input> <hex output>".
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';

const require = createRequire(path.resolve('node_modules') + '/');
const hf = require('tokenizers');

function blockText(b) {
    let s = '';
    for (let c = b * 256; c < b * 256 + 256; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const x = String.fromCodePoint(c);
        s += 'A' + x + '\u0301\u0328' + x + '\u0300e' + x + '\u0323\u0302';
    }
    return s;
}

const hex = (s) => Buffer.from(s, 'utf8').toString('hex');
// Compatibility characters: ligatures, full-width and half-width forms, super/subscripts,
// letterlike symbols, enclosed and squared forms, fractions, Roman numerals, Hangul syllables
// and conjoining jamo, Arabic presentation forms, mathematical alphanumerics, long s, and
// characters assigned after Unicode 9.0 (passed through by HF's Unicode 9.0 tables).
export const COMPAT = [
    'ﬁ', 'ﬂ', 'ﬀ', 'ﬃ', 'ﬆ', 'Ｈｅｌｌｏ，　Ｗｏｒｌｄ！', '１２３４５', 'ｶﾞｷﾞ', 'ﾊﾟﾝ', 'x²+y³=z⁴', 'H₂O',
    '⁽ⁱ⁾', 'ℌ', 'ℍ', 'ℕ', '℃', '℉', '№', '™', '℡', 'Å', 'Ω', 'K', '①②⑳', '㉑', '⑴', '⒜', 'Ⓐ', '㈱',
    '㎏', '㎡', '㍱', '½', '¼', '⅞', '⅓', 'Ⅻ', 'ⅷ', '한국어', '\u1100\u1161\u11a8', '각', 'ㄱㅏ',
    'ﷺ', 'ﻻ', 'ﭐ', '𝐀𝐁𝐂', '𝔄', '𝟙𝟚', 'ſt', 'ẛ̣', 'Ǆ', 'ǅ', 'µ', 'ª', 'º', '…', '‥', '″', '‴',
    '¨', '´', '¸', '\u00a0', '\u2002', '\u3000', '︙', '︵', '﹏', '〔', 'ㇰ', '\u2474', 'ℓ', 'ℯ',
    '\u{1f100}', '\u{1f12a}', '\u{1f200}', '\u{1f213}', '\u{1f250}', '\u{1d400}', '\u{2f800}',
    '\u0958', '\u0344', '\u0f77', 'é', 'e\u0301', 'Ä\u0308', '\u{1f16a}', '\u{1f16c}', '\u{1fbf0}',
    '\u{10781}', '\u{1e030}', 'Café ﬁnance ①', 'caf\u00e9 na\u00efve',
];

const forms = { nfd: hf.nfdNormalizer(), nfkc: hf.nfkcNormalizer(), nfkd: hf.nfkdNormalizer() };
const isMain = process.argv[1] && path.resolve(process.argv[1]).endsWith('tok_unorm.mjs');
if (isMain) {
    fs.mkdirSync('tests/golden/tok', { recursive: true });
    for (const [name, norm] of Object.entries(forms)) {
        const lines = [];
        let differJs = 0;
        for (let b = 0; b < 0x1100; b++) {
            const s = blockText(b);
            const out = Buffer.from(norm.normalizeString(s), 'utf8');
            if (out.toString('utf8') !== s.normalize(name.toUpperCase())) differJs++;
            lines.push(`B ${b} ${zlib.crc32(out).toString(16).padStart(8, '0')} ${out.length}`);
        }
        for (const c of COMPAT) lines.push(`X ${hex(c)} ${hex(norm.normalizeString(c))}`);
        fs.writeFileSync(`tests/golden/tok/sweep_${name}.txt`, lines.join('\n') + '\n');
        console.log(`${name}: wrote ${lines.length} lines; ${differJs} blocks where JS ` +
                    `normalize('${name.toUpperCase()}') differs from HF`);
    }
}
