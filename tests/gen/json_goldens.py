#!/usr/bin/python3
"""Regenerates tests/golden/json/*.tsv with CPython's own json, float() and repr(): the
independent reference that tests/unit/test_json_golden.c compares pricer against.

Run: /usr/bin/python3 tests/gen/json_goldens.py   (from the repo root; deterministic)

Files (one case per line, tab-separated, inputs hex-encoded so any byte survives):
  loads.tsv   hex(input bytes)  OK|ERR  json.dumps(json.loads(input)) ('-' on ERR)  lone
              (lone = 1 when a decoded string holds a lone surrogate)
  pyfloat.tsv hex(utf-8 string) OK|ERR  repr(float(string))
  repr.tsv    16-hex-digit IEEE bits    repr(x)
  literal.tsv JSON number literal       16-hex-digit bits of float(literal)
  strutf8.tsv hex(utf-8 string)        json.dumps(string, ensure_ascii=False), hex-encoded
  decimal.tsv hex code point            digit value (every non-ASCII str.isdecimal() char,
              which float() accepts as a digit)
"""
import json
import math
import os
import random
import struct
import sys
import unicodedata

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "json")
rng = random.Random(20231128)


def bits(x):
    return struct.pack(">d", x).hex()


def has_lone(v):
    if isinstance(v, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in v)
    if isinstance(v, list):
        return any(has_lone(x) for x in v)
    if isinstance(v, dict):
        return any(has_lone(k) or has_lone(x) for k, x in v.items())
    return False


def loads_case(raw):
    try:
        text = raw.decode("utf-8")  # strict: invalid UTF-8 and encoded surrogates fail
        v = json.loads(text)
    except (ValueError, RecursionError):
        return "%s\tERR\t-\t0" % raw.hex()
    return "%s\tOK\t%s\t%d" % (raw.hex(), json.dumps(v), has_lone(v))


LOADS = [
    # floats and ints
    '2.50', '1e20', '1E-7', '0.1', '5e-324', '1.7976931348623157e308', '1e400', '-1e400',
    '-0.0', '-0', '0', '12.990', '1e2', '1E+2', '100', '-100', '0.0001', '0.00001', '1e16',
    '1e15', '123456789012345678901234567890', '-123456789012345678901234567890',
    '9007199254740993', '9007199254740993.0', '0.30000000000000004', '2.2250738585072014e-308',
    '2.2250738585072011e-308', '4.9406564584124654e-324', '2.4703282292062327e-324',
    '2.4703282292062328e-324', '1e-400', '-1e-400', '123.456e-2', '0.000000000000000000000001',
    '1.00000000000000011102230246251565404236316680908203125',
    '1.00000000000000011102230246251565404236316680908203124',
    '1.00000000000000011102230246251565404236316680908203126',
    '7.038531e-26', '179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999', '1' + '0' * 4300, '1' + '0' * 4299, '-' + '1' * 4300,
    '1.5e300', '123.0', '1234567890123456.0', '12345678901234567.0', '0.1e1', '1e-5', '1e-4',
    '3.14159265358979323846264338327950288', '99.99', '999.49', '999.5', '0.5', '1e0',
    '1e+0', '1e-0', '10e-1', '0e10', '-0e-10', '0.0e0',
    # specials
    'NaN', 'Infinity', '-Infinity', '[NaN, Infinity, -Infinity]', '-NaN', 'nan', 'infinity',
    'Inf', '+1', '.5', '5.', '01', '-01', '1.e5', '1e', '1e+', '--1', '0x10', '1_000',
    # literals
    'true', 'false', 'null', 'True', 'nul', 'truex', ' true ', '\t\n\r true\r\n',
    # strings and escapes
    '"abc"', '""', '"\\""', '"\\\\"', '"\\/"', '"\\b\\f\\n\\r\\t"', '"\\u0000"', '"\\u001f"',
    '"\\u007f"', '"\\u0080"', '"\\u00e9"', '"\\u00E9"', '"\\uFFFF"', '"\\ud83d\\ude00"',
    '"\\uD83D\\uDE00"', '"\\ud800"', '"\\udc00"', '"\\ud800\\u0041"', '"\\ud800\\ud800"',
    '"\\udc00\\ud800"', '"\\ud800\\"', '"\\ud800\\u"', '"\\u12"', '"\\u12g4"', '"\\x41"',
    '"\\a"', '"\\\'"', '"\t"', '"\n"', '"\x7f"', '"\x01"', '"a\x00b"', '"unterminated',
    '"\\', '"abc\\"', "'single'", '"é"', '"日本語"', '"😀"', '"\u2028\u2029"',
    '"/path/to"', '"Batteries Included?"', '"\\u2014"',
    # arrays and objects
    '[]', '{}', '[ ]', '{ }', '[1, 2, 3]', '[1,2,3]', '[1,]', '[,1]', '[1 2]', '{"a":1,}',
    '{"a" 1}', '{"a":}', '{a:1}', '{"a":1 "b":2}', '{1:2}', '[', ']', '{', '}', '[1',
    '{"a":1', '[1]]', '{"a":1}}', '{"a": 1, "a": 2}', '{"a": 1, "b": 2, "a": 3}',
    '{"b": 1, "a": 2, "b": {"x": 1, "x": [2]}}', '{"": 0, "": 1}',
    '{"k": {"Best Sellers Rank": {"Automotive": 913571, "Car Care": 12}}, "n": null}',
    '{"details": {"Brand": "X\\u00ae", "Date First Available": "May 1, 2020", "Weight": 2.50}}',
    '[[[[[]]]]]', '[{"a": [{"b": []}]}]', '1 2', '{} {}', '', ' ', '\ufeff{}',
    '[1.0, -2.50, 3e2]', '{"a":"b"}garbage', '[true,false,null]', '[true false]',
]
# a key appears many times in a large object (hash-table path of dedup)
LOADS.append('{' + ', '.join('"k%d": %d' % (i % 37, i) for i in range(200)) + '}')
LOADS.append('{' + ', '.join('"k%d": %d' % (i, i) for i in range(100)) + '}')
# nesting up to pricer's default limit of 512 (deeper: pricer's own limit, tested in C)
for d in (511, 512):
    LOADS.append('[' * d + ']' * d)
    LOADS.append('{"a":' * d + '1' + '}' * d)

RAW_BYTES = [
    b'"\xff"', b'"\xc3"', b'"\xc3\x28"', b'"\xe2\x82"', b'"\xed\xa0\x80"', b'"\xc0\xaf"',
    b'"\xf4\x90\x80\x80"', b'"\xf0\x9f\x98\x80"', b'"\xef\xbb\xbf"', b'[1, "\x80"]',
    b'{"a\xffb": 1}', b'\xff', b'"a\x00"', b'"\xe0\x80\x80"', b'"\xf0\x80\x80\x80"',
]


def rand_str():
    pool = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\t', '\x00', '\x1f', '\x7f', 'é', '€',
            '日', '😀', '\u2028', ':', '{', ',', 'Item', 'Product ']
    return ''.join(rng.choice(pool) for _ in range(rng.randrange(0, 8)))


def rand_num():
    k = rng.randrange(6)
    if k == 0:
        return rng.randrange(-10**6, 10**6)
    if k == 1:
        return rng.randrange(-10**30, 10**30)
    if k == 2:
        return round(rng.uniform(0, 1000), 2)
    if k == 3:
        return struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0]
    if k == 4:
        return rng.choice([0.0, -0.0, 1e16, 1e-5, 1e22, 1e23, 5e-324, 0.1, 1 / 3])
    return rng.uniform(-1, 1) * 10 ** rng.randrange(-30, 30)


def rand_val(depth=0):
    k = rng.randrange(8 if depth < 4 else 5)
    if k == 0:
        return rand_str()
    if k == 1:
        x = rand_num()
        return x
    if k == 2:
        return rng.choice([True, False, None])
    if k == 3:
        return rand_str()
    if k == 4:
        return rand_num()
    if k in (5, 6):
        return {rand_str(): rand_val(depth + 1) for _ in range(rng.randrange(0, 5))}
    return [rand_val(depth + 1) for _ in range(rng.randrange(0, 5))]


def spaced(text):
    """Re-serialise with random insignificant whitespace by json.dumps separators."""
    return text


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = [loads_case(s.encode("utf-8", "surrogatepass")) for s in LOADS]
    lines += [loads_case(b) for b in RAW_BYTES]
    for i in range(400):
        v = rand_val()
        seps = rng.choice([(", ", ": "), (",", ":"), (" , ", " : "), (",\t", ":\r\n")])
        text = json.dumps(v, ensure_ascii=bool(i % 2), separators=seps)
        lines.append(loads_case(text.encode("utf-8", "surrogatepass")))
    with open(os.path.join(OUT, "loads.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")

    floats = ['1', '1.5', ' 2.50 ', '\t12.99\n', '-3', '+4.', '.5', '5.', '.', '', ' ', 'None',
              '$5', '5$', '—', '1,000', '1_000', '1__000', '_1', '1_', '1_.5', '1._5', '1.5_5',
              '1e1_0', '1e_10', '1_e10', '0x10', '0b1', '1e', '1e+', '1e5', '1E-5', 'inf', 'INF',
              '-inf', '+Infinity', 'infinity', 'infinit', 'nan', 'NaN', '-nan', '+NAN', 'nan1',
              'in f', '1 2', '\u00a01.5\u3000', '\u20001', '1\u200b', '\u0661\u0662', '１２.５',
              '٣.١٤', '𝟙𝟚', '¹', '1e400', '-1e400', '1e-400', '12.990', '999.49', '0.5',
              '00012', '1.7976931348623157e308', '1.7976931348623159e308', '5e-324', '1e-324',
              '\x0b1\x1c', '\x85 1', '1\x00', '  -  1', '- 1', '+-1', '1.2.3', 'e5', '.e5',
              '1.e5', '12.5 ', ' 7', '49.99', '1' * 400, '0.' + '0' * 400 + '1', '٫5', '1٫5',
              '\u180e1', '\ufeff1', '१२३', '𝟎.𝟓']
    lines = []
    for s in floats:
        try:
            r = repr(float(s))
            lines.append("%s\tOK\t%s" % (s.encode().hex(), r))
        except ValueError:
            lines.append("%s\tERR\t-" % s.encode().hex())
    with open(os.path.join(OUT, "pyfloat.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")

    xs = [0.0, -0.0, 1.0, 0.1, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 123.0, 5e-324,
          1.7976931348623157e308, 2.2250738585072014e-308, 1 / 3, 2 / 3, 100.0, 1e22, 1e23,
          0.3, 12.99, 999.49, 4.35, 2.675]
    for e in range(-1074, 1024, 7):
        xs.append(math.ldexp(1.0, e))
        xs.append(math.nextafter(math.ldexp(1.0, e), 0))
    for _ in range(3000):
        xs.append(struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0])
    for _ in range(2000):
        xs.append(rng.randrange(0, 100000) / 100)
    for _ in range(1000):
        xs.append(rng.uniform(-1, 1) * 10 ** rng.randrange(-320, 308))
    for _ in range(500):  # subnormals
        xs.append(struct.unpack(">d", rng.getrandbits(52).to_bytes(8, "big"))[0])
    lines = []
    for x in xs:
        if math.isnan(x):
            continue
        lines.append("%s\t%s" % (bits(x), repr(x)))
    with open(os.path.join(OUT, "repr.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")

    lits = []
    for _ in range(1500):
        mant = str(rng.randrange(1, 10 ** rng.randrange(1, 25)))
        k = rng.randrange(len(mant) + 1)
        lit = mant[:k] + ('.' + mant[k:] if k < len(mant) else '')
        if lit.startswith('.'):
            lit = '0' + lit
        lit = lit.lstrip('0') or '0'
        if lit.startswith('.'):
            lit = '0' + lit
        if rng.randrange(2):
            lit += 'e%d' % rng.randrange(-330, 310)
        if '.' not in lit and 'e' not in lit:
            lit += '.0'
        lits.append(('-' if rng.randrange(4) == 0 else '') + lit)
    lits += ['0.1', '2.5', '1e23', '8.98846567431158e307', '2.2250738585072012e-308',
             '9007199254740993.0', '0.' + '0' * 30 + '1', '123456789012345678901234.5e-10',
             '4.9e-324', '2.4703282292062328e-324', '1.7976931348623158e308']
    lines = []
    for lit in lits:
        v = json.loads(lit)
        assert isinstance(v, float)
        lines.append("%s\t%s" % (lit, bits(v)))
    with open(os.path.join(OUT, "literal.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    strs = ['', 'a', '"', '\\', '/', '\x00', '\x1f', '\x7f', '\x80', '\u00e9', '\u2028\u2029',
            '\ufeff', '\uffff', '\U0001F600', '\U0010FFFF', '\b\f\n\r\t', 'Item "x"\n']
    strs += [rand_str() for _ in range(300)]
    with open(os.path.join(OUT, "strutf8.tsv"), "w") as f:
        for st in strs:
            f.write("%s\t%s\n" % (st.encode().hex(),
                                   json.dumps(st, ensure_ascii=False).encode().hex()))
    with open(os.path.join(OUT, "decimal.tsv"), "w") as f:
        for cp in range(0x80, 0x110000):
            ch = chr(cp)
            if ch.isdecimal():
                f.write("%x\t%d\n" % (cp, unicodedata.decimal(ch)))


if __name__ == "__main__":
    sys.setrecursionlimit(5000)  # has_lone() on the 512-deep cases
    main()
