// SPEC §2 steps 7-10 with the real Hugging Face tokenizer (npm `tokenizers`), independent of
// pricer: reads ref_items.py output on stdin, writes the expected items JSONL on stdout.
// usage: node ref_items.js TOKENIZER_JSON < texts.jsonl > expected.jsonl
const { Tokenizer } = require('tokenizers');
const fs = require('fs');

const Q = 'How much does this cost to the nearest dollar?';
const PREFIX = 'Price is $';
const CLEANUP = [[' .', '.'], [' ?', '?'], [' !', '!'], [' ,', ','], [" ' ", "'"],
                 [" n't", "n't"], [" 'm", "'m"], [" 's", "'s"], [" 've", "'ve"], [" 're", "'re"]];

(async () => {
  const tok = Tokenizer.fromFile(process.argv[2]);
  const input = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.length);
  const out = [];
  for (const l of input) {
    const r = JSON.parse(l);
    const ids = (await tok.encode(r.text, null, { addSpecialTokens: false })).getIds();
    if (ids.length <= 150) continue;
    let text = await tok.decode(ids.slice(0, 160), false);
    for (const [a, b] of CLEANUP) text = text.split(a).join(b);
    const prompt = `${Q}\n\n${text}\n\n${PREFIX}${r.rounded}.00`;
    const count = (await tok.encode(prompt, null, { addSpecialTokens: false })).getIds().length;
    const test_prompt = prompt.split(PREFIX)[0] + PREFIX;
    out.push(JSON.stringify({ category: r.category, title: r.title, price_repr: r.price_repr,
                              token_count: count, parent_asin: r.parent_asin, prompt,
                              test_prompt, line: r.line }));
  }
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
})();
