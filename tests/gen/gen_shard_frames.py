#!/usr/bin/env python3
"""Fixtures for tests/cli/test_parse_shard_frames.sh: compressed inputs made of several
independent units, written WITHOUT pricer (zstd frames by the `zstd` CLI, BGZF members by
zlib), and units.json recording, per file, the raw offset where each unit starts and the
decoded bytes, so the test can work out independently which lines each shard must get.

    gen_shard_frames.py TRICKY_JSONL OUTDIR

Files (all hold records of TRICKY_JSONL with "\\n", "\\r\\n" and lone "\\r" terminators):
- meta_Zcut.jsonl.zst: pieces cut mid-line, at line ends, between the "\\r" and "\\n" of one
  terminator, inside a line longer than a shard (frames with no line start, a frame bigger
  than a shard), an empty frame, and a skippable frame in the middle.
- meta_Zone.jsonl.zst: one frame (cannot be cut).
- meta_Pz.jsonl.zst: a skippable frame first, as pzstd writes, then frames.
- meta_Bgzf.jsonl.gz: BGZF members cut like the zstd pieces, and the BGZF end marker.
- meta_BgzfTail.jsonl.gz: BGZF members then an ordinary gzip member (the last unit).
- meta_Multi.jsonl.gz: an ordinary multi-member gzip file (cannot be cut).
- meta_Plain.jsonl: plain text.
"""
import gzip
import json
import random
import struct
import subprocess
import sys
import zlib


def zstd_frame(data):
    return subprocess.run(["zstd", "-q", "-c", "--no-check" if len(data) % 2 else "--check"],
                          input=data, stdout=subprocess.PIPE, check=True).stdout


def skippable(payload, nibble=0):
    return struct.pack("<II", 0x184D2A50 | nibble, len(payload)) + payload


def bgzf_member(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = c.compress(data) + c.flush()
    bsize = 12 + 6 + len(body) + 8
    head = b"\x1f\x8b\x08\x04\0\0\0\0\0\xff" + struct.pack("<H", 6) + b"BC"
    head += struct.pack("<HH", 2, bsize - 1)
    return head + body + struct.pack("<II", zlib.crc32(data), len(data))


def cut(data, points):
    points = sorted(set(p for p in points if 0 < p < len(data)))
    return [data[a:b] for a, b in zip([0] + points, points + [len(data)])]


def main():
    src, out = sys.argv[1], sys.argv[2]
    lines = open(src, "rb").read().splitlines()
    rnd = random.Random(12)
    ends = [b"\n", b"\r\n", b"\r"]
    long_rec = json.loads(lines[3])
    # incompressible, so its frame is bigger than a shard of the test's inputs
    long_rec["description"] = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz ")
                                       for _ in range(250000))]
    long_rec["parent_asin"] = "BLONGFRAME"
    text = b""
    for i, line in enumerate(lines[:50]):
        text += line + ends[i % 3]
        if i == 20:
            text += b"\n\r\n"  # two empty lines
        if i == 30:
            long_start = len(text)
            text += json.dumps(long_rec).encode() + b"\r\n"
            long_end = len(text)
    text += lines[50]  # no final terminator
    crlf = text.index(b"\r\n", 2000) + 1  # between "\r" and "\n"
    lf_end = text.index(b"\n", 5000) + 1  # right after a line end
    pts = [crlf, lf_end, 777, 3001, long_start + 10, long_start + 50000, long_start + 200000,
           long_end - 1, long_end, len(text) - 40]
    big = range(long_start + 50000, long_start + 200000)  # one frame bigger than a shard
    pts += [p for p in (rnd.randrange(1, len(text)) for _ in range(8)) if p not in big]
    pieces = cut(text, pts)
    units = {}

    def record(name, blobs, decs):
        """blobs[i] (raw bytes of unit i) decodes to decs[i]."""
        offs, dstarts, pos, dpos = [], [], 0, 0
        for b, d in zip(blobs, decs):
            offs.append(pos)
            dstarts.append(dpos)
            pos += len(b)
            dpos += len(d)
        units[name] = {"units": offs, "dstarts": dstarts,
                       "decoded": b"".join(decs).decode("latin-1")}
        open(f"{out}/{name}", "wb").write(b"".join(blobs))

    blobs, decs = [], []
    for i, p in enumerate(pieces):
        blobs.append(zstd_frame(p))
        decs.append(p)
        if i == 2:  # an empty frame
            blobs.append(zstd_frame(b""))
            decs.append(b"")
        if i == 4:
            blobs.append(skippable(b"pricer skippable frame", 7))
            decs.append(b"")
    record("meta_Zcut.jsonl.zst", blobs, decs)

    one = b"\n".join(lines[51:60]) + b"\n"
    record("meta_Zone.jsonl.zst", [zstd_frame(one)], [one])

    pz = b"\r\n".join(lines[60:75]) + b"\r\n"
    pzp = cut(pz, [len(pz) // 3, 2 * len(pz) // 3])
    record("meta_Pz.jsonl.zst", [skippable(struct.pack("<I", 0))] + [zstd_frame(p) for p in pzp],
           [b""] + pzp)

    bg = text.replace(b"BLONGFRAME", b"BLONGBGZF1")
    bpieces = []
    for p in cut(bg, pts + [rnd.randrange(1, len(bg)) for _ in range(4)]):
        bpieces += [p[i:i + 60000] for i in range(0, len(p), 60000)]  # BGZF holds < 64 KiB
    record("meta_Bgzf.jsonl.gz", [bgzf_member(p) for p in bpieces + [b""]], bpieces + [b""])

    tail = b"\n".join(lines[75:90]) + b"\n"
    tp = cut(tail, [100, 2500, 4000])
    blobs = [bgzf_member(p) for p in tp[:-1]] + [gzip.compress(tp[-1])]
    record("meta_BgzfTail.jsonl.gz", blobs, tp)

    multi = b"\n".join(lines[90:]) + b"\n"
    mp = cut(multi, [len(multi) // 2])
    record("meta_Multi.jsonl.gz", [b"".join(gzip.compress(p) for p in mp)], [multi])

    plain = b"\n".join(lines[5:25]) + b"\n"
    record("meta_Plain.jsonl", [plain], [plain])
    units["meta_Plain.jsonl"]["units"] = None  # plain: cut at line starts, not at units
    json.dump(units, open(f"{out}/units.json", "w"))


if __name__ == "__main__":
    main()
