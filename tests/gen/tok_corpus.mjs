// Deterministic corpora for the tokenizer tests and benchmark (no shared data copied):
//   products(seed, bytes)  realistic product titles/descriptions/features/details text
//   adversarial()          the edge cases of the tokenizer issue
// CLI: node tests/gen/tok_corpus.mjs products SEED MEGABYTES > out.jsonl  ({"text": ...} lines)
//      node tests/gen/tok_corpus.mjs adversarial > out.jsonl
import { fileURLToPath } from 'node:url';

export function rng(seed) {
  let s = (seed >>> 0) || 1;
  const next = () => { // mulberry32
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (a) => a[Math.floor(next() * a.length)];
  next.chance = (p) => next() < p;
  return next;
}

const BRANDS = ['Dorman', 'ACDelco', 'Bosch', 'Anker', 'Logitech', 'Hamilton Beach', 'KitchenAid',
  'DEWALT', 'Stanley', 'Fender', 'Yamaha', 'Crayola', 'LEGO', 'Hasbro', 'Samsung', 'OtterBox',
  'Spigen', 'Moen', 'Delta', 'Frigidaire', 'Whirlpool', 'GE Appliances', 'Mr. Coffee', 'Café Bustelo',
  'Nestlé', 'Müller', 'Señor Fix', 'Zojirushi', 'Ōtsuka', 'AmazonBasics', 'Amazon Basics', '3M'];
const NOUNS = ['Fuel Pump Module', 'Brake Pad Set', 'Wireless Mouse', 'USB-C Cable', 'Phone Case',
  'Screen Protector', 'Coffee Maker', 'Stand Mixer', 'Drill Driver Kit', 'Socket Set', 'Guitar Strings',
  'Digital Piano', 'Crayons', 'Building Set', 'Water Filter', 'Refrigerator Shelf', 'Dryer Vent Hose',
  'Ice Maker Assembly', 'Ceiling Fan', 'LED Light Bulb', 'Notebook', 'Gel Pens', 'Desk Organizer',
  'Headlight Assembly', 'Oil Filter', 'Spark Plug', 'Tire Inflator', 'Dash Cam', 'Power Bank',
  'Bluetooth Speaker', 'Microphone Stand', 'Drum Sticks', 'Ukulele', 'Board Game', 'Puzzle'];
const ADJ = ['Heavy Duty', 'Premium', 'Upgraded', 'Professional', 'Compact', 'Portable', 'Waterproof',
  'Stainless Steel', 'Ultra-Thin', 'Rechargeable', 'Adjustable', 'Non-Slip', 'Eco-Friendly', 'OEM',
  'Replacement', 'Universal', 'High-Performance', 'Low-Profile', 'Anti-Scratch', 'Shockproof'];
const COLORS = ['Black', 'White', 'Silver', 'Red', 'Navy Blue', 'Rose Gold', 'Gray', 'Clear', 'Matte Black'];
const WORDS = ('the a an and or with for to of in on is are was be this that it its your you our we ' +
  'designed made easy use install fits most vehicles models durable quality material provides ' +
  'perfect ideal great long lasting performance protection compatible includes package warranty ' +
  'customer service satisfaction guaranteed simply remove old part replace new one minutes no tools ' +
  'required please check size before ordering note color may vary slightly due lighting monitor ' +
  'settings features include built-in safety lock automatic shut-off overheating protection ' +
  'professional results every time home kitchen office garage outdoor travel camping gift ' +
  'friends family kids adults beginners experts easily clean dishwasher safe BPA-free food-grade ' +
  'don\'t won\'t it\'s you\'ll we\'re they\'ve I\'m can\'t isn\'t DON\'T WON\'T IT\'S').split(' ');
const UNITS = ['inch', 'Inch', 'in', 'mm', 'cm', 'ft', 'lbs', 'oz', 'V', 'W', 'mAh', 'GB', 'Hz', 'Pack', 'Count', 'pcs'];
const SYMS = ['°F', '°C', '™', '®', '©', '×', '–', '—', '“', '”', '‘', '’', '…', '½', '¼', '²', 'µm', '±', '€', '£', '¥'];
const EMOJI = ['🔥', '✅', '⭐', '👍', '🎁', '💯', '❤️', '🚗', '🎸', '☕', '👨‍👩‍👧', '🇺🇸'];
const CJK = ['高品质', '防水', '日本製', '무선', '충전기', 'ステンレス', '送料無料', '新款'];

function num(r) {
  const k = r.int(6);
  if (k === 0) return String(r.int(10));
  if (k === 1) return String(r.int(100));
  if (k === 2) return String(1000 + r.int(900000));
  if (k === 3) return (r.int(1000) / 10).toFixed(1);
  if (k === 4) return `${r.int(20)}/${r.pick([2, 4, 8, 16])}`;
  return (r.int(100000) / 100).toFixed(2);
}

function sentence(r) {
  const n = 6 + r.int(18);
  const w = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.07) w.push(num(r) + (r.chance(0.5) ? '-' : ' ') + r.pick(UNITS));
    else if (x < 0.09) w.push(r.pick(SYMS));
    else if (x < 0.10) w.push(r.pick(EMOJI));
    else if (x < 0.105) w.push(r.pick(CJK));
    else if (x < 0.13) w.push(r.pick(BRANDS));
    else w.push(r.pick(WORDS));
  }
  let s = w.join(' ');
  s = s[0].toUpperCase() + s.slice(1);
  return s + r.pick(['.', '.', '.', '!', '?', '...', ';', ' :)']);
}

function title(r) {
  const parts = [r.pick(BRANDS)];
  if (r.chance(0.6)) parts.push(r.pick(ADJ));
  parts.push(r.pick(NOUNS));
  if (r.chance(0.5)) parts.push(`${num(r)} ${r.pick(UNITS)}`);
  if (r.chance(0.4)) parts.push(`- ${r.pick(COLORS)}`);
  if (r.chance(0.3)) parts.push(`(Pack of ${2 + r.int(10)})`);
  if (r.chance(0.3)) parts.push(`${String.fromCharCode(65 + r.int(26))}${r.int(100000)}`);
  if (r.chance(0.1)) parts.unshift('【Upgraded】');
  return parts.join(' ');
}

export function productDoc(r) {
  let t = title(r) + '\n';
  const nd = r.int(3);
  for (let i = 0; i < nd; i++) {
    const ns = 1 + r.int(5);
    const s = [];
    for (let j = 0; j < ns; j++) s.push(sentence(r));
    t += s.join(' ') + '\n';
  }
  const nf = r.int(6);
  for (let i = 0; i < nf; i++) {
    const lead = r.chance(0.3) ? `${r.pick(ADJ).toUpperCase()}: ` : (r.chance(0.2) ? '✔ ' : '');
    t += lead + sentence(r) + '\n';
  }
  if (r.chance(0.7)) {
    const det = {
      'Brand': r.pick(BRANDS), 'Color': r.pick(COLORS),
      'Item Weight': `${num(r)} Pounds`, 'Product Dimensions': `${num(r)} x ${num(r)} x ${num(r)} inches`,
      'Manufacturer Part Number': `${r.int(100000)}-${r.int(1000)}`,
      'Best Sellers Rank': { Automotive: 1 + r.int(900000) },
      'Date First Available': `${r.pick(['January', 'March', 'July', 'November'])} ${1 + r.int(28)}, ${2005 + r.int(19)}`,
    };
    t += JSON.stringify(det).replace(/,"/g, ', "').replace(/":/g, '": ') + '\n';
  }
  return t;
}

export function products(seed, bytes) {
  const r = rng(seed);
  const docs = [];
  let total = 0;
  while (total < bytes) {
    const d = productDoc(r);
    docs.push(d);
    total += Buffer.byteLength(d);
  }
  return docs;
}

export function adversarial() {
  const r = rng(7);
  const d = [];
  const ws = [' ', '\t', '\n', '\r\n', '\r', '\u0085', '\u00a0', '\u3000', '\u2009', '\u202f',
    '\u180e', '\u200b', '\ufeff', '\u2028', '\u000b', '\u000c', '\u001c'];
  for (const w of ws) {
    d.push(`a${w}b`, `a${w}${w}b`, `a ${w} b`, `${w}${w}${w}x`, `x${w}${w}`, `${w}1`, `${w}!`,
      `${w}'s`, `word${w}${w}${w}`, `1${w}${w}2`, `${w}`);
  }
  d.push('a  \n  b', '  \n  \n  x', '...\n\n', '!\n\n', 'x\r\n\r\ny', 'line1\r\nline2\rline3\n',
    '   x', 'x   ', '12345 678', '12.5" 3/4-inch', '【Upgraded】', '你好世界，今天', ' 🔥x', 'e\u0301',
    'rock \'n\' roll', '\n\n\n', ' \n ', '\t\t\n\t', 'a\u0085\u0085b', 'a \u0085b');
  for (const c of ['s', 't', 're', 've', 'm', 'll', 'd']) {
    for (const v of [c, c.toUpperCase(), c[0].toUpperCase() + c.slice(1), c.length > 1 ? c[0] + c[1].toUpperCase() : c]) {
      d.push(`it'${v}`, `'${v}`, ` '${v}x`, `DON'${v}`, `1'${v}`, `'${v}'${v}`);
    }
  }
  d.push("DON'T WON'T I'LL YOU'RE WE'VE I'M HE'D SHE'S", "don’t won’t", "'ſa", "x'Sy", "''s", "'", "' '");
  d.push('1234567890123456789012345678901234567890', '3.14159265358979', '1,000,000', '١٢٣٤٥٦',
    '²³¹½¼⅓Ⅻ①②③', '１２３４５', '𝟙𝟚𝟛', '12a34b567c', '$1,299.99', '-0.5e-10', '2024-01-01T12:00:00Z');
  d.push('hello<|eot_id|>world', '<|begin_of_text|>', '<|begin_of_text|><|begin_of_text|>',
    '<|eot_id', '<|end_of_text|> x', 'a<|reserved_special_token_5|>b', '<|endoftext|>', '<|im_start|>user',
    '<think>x</think>', '< |eot_id|>', '<<|eot_id|>>', '<|fim_prefix|>', '<|endofprompt|>');
  d.push('🔥 café', '👨‍👩‍👧‍👦 family', '🇺🇸🇬🇧', '❤️‍🔥', 'a😀b😀c', '😀😀😀😀😀', '\u{1F600}1',
    '日本語のテキスト、漢字とかなカナ。', '中文测试：你好！', '한국어 텍스트', 'ภาษาไทย', 'العربية نص', 'עברית',
    'Ελληνικά', 'Кириллица ТЕКСТ', 'Việt Nam Cửa Việt', ' việc hợp', ' ایران', 'mektedir', 'ıldı',
    'e\u0301e\u0301e\u0301', 'a\u0300\u0301\u0302\u0303', '\u0301\u0301start', 'Å Å Å', 'ﬁ ﬂ',
    'ǅungla', 'ᾼ', 'ß ẞ', 'İstanbul', 'x\u200dy', '\u00ad', '\u2060', 'a\ufe0fb', '\u{E0001}\u{E0041}',
    '\u{10FFFD}', '\u{F0000}', '\u{2EBF0}', '\u{323B0}', '\u{11DE0}', 'ʼn', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢');
  d.push('Price is $227.00', 'How much does this cost to the nearest dollar?\n\nDelphi FG0166 Fuel Pump Module\n',
    'x != y', "the word 'social'", 'a , b . c ? d ! e', "it 's I 'm they 've we 're do n't");
  // 10 KB single pieces and long runs
  d.push('a'.repeat(10000), ' '.repeat(10000) + 'x', ' '.repeat(10000), 'ab'.repeat(5000),
    '\n'.repeat(5000), '!'.repeat(10000), '1'.repeat(10000), 'é'.repeat(5000), '\u3000'.repeat(3000),
    Array.from({ length: 3000 }, () => String.fromCodePoint(0x4E00 + r.int(0x5000))).join(''),
    Array.from({ length: 2500 }, () => String.fromCodePoint(0x1F600 + r.int(80))).join(''),
    Array.from({ length: 1000 }, () => r.pick(['a', 'b', 'ab', 'ba', ' ', 'aa'])).join(''),
    Buffer.from(Array.from({ length: 7500 }, () => r.int(256))).toString('base64'));
  // random mixtures of the characters above
  const alpha = ['a', 'Z', 'é', ' ', '  ', '\n', '\r\n', '1', '23', "'", "'s", 'll', '!', '.', ',',
    '🔥', '日', '\u0301', '\u00a0', '\u0085', '\u3000', '<|eot_id|>', '<', '|', '$', '½', '\t', 'İ', 'ſ'];
  for (let i = 0; i < 200; i++) {
    const n = 1 + r.int(40);
    let s = '';
    for (let j = 0; j < n; j++) s += r.pick(alpha);
    d.push(s);
  }
  return d;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2];
  const docs = what === 'products'
    ? products(Number(process.argv[3] || 1), Number(process.argv[4] || 1) * 1e6)
    : adversarial();
  const out = docs.map((t) => JSON.stringify({ text: t })).join('\n') + '\n';
  process.stdout.write(out);
}
