#!/usr/bin/env python3
"""Seed corpus of fuzz/fuzz_shard.c (written to fuzz/corpus/fuzz_shard/): byte 0 = shards
(1 + low 3 bits) and kind (bits 3-4: 0 file as is, 1 zstd frames, 2 BGZF, 3 zstd with
skippable frames); for kinds 1-3, byte 1 = cuts, then 16-bit cut points, then the text.
Kind-0 seeds are real files: zstd frames from the `zstd` CLI, BGZF members from zlib,
plain text with every terminator.

    gen_fuzz_shard_seeds.py OUTDIR
"""
import struct
import subprocess
import sys
import zlib

out = sys.argv[1]
text = (b'{"a": 1}\r\n{"b": 2}\rx\n\n{"long": "' + b"y" * 300 + b'"}\r\n' +
        b"tail\r" + b"last line no end")


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "--check"], input=data, stdout=subprocess.PIPE,
                          check=True).stdout


def bgzf(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = c.compress(data) + c.flush()
    head = b"\x1f\x8b\x08\x04\0\0\0\0\0\xff\x06\0BC\x02\0" + struct.pack("<H", 25 + len(body))
    return head + body + struct.pack("<II", zlib.crc32(data), len(data))


def built(shards, kind, cuts):
    return (bytes([(shards - 1) | kind << 3, len(cuts)]) +
            b"".join(struct.pack("<H", c) for c in cuts) + text)


cuts = [9, 10, 30, 200, 340, 351]
pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
seeds = {
    "plain": bytes([4]) + text,
    "zstd_frames": bytes([3]) + b"".join(zstd(p) for p in pieces),
    "zstd_skippable": bytes([5]) + b"".join(zstd(p) + struct.pack("<II", 0x184D2A53, 3) + b"abc"
                                            for p in pieces),
    "bgzf": bytes([2]) + b"".join(bgzf(p) for p in pieces) + bgzf(b""),
    "built_zstd": built(4, 1, cuts),
    "built_bgzf": built(3, 2, cuts[:4]),
    "built_skippable": built(8, 3, cuts),
}
for name, data in seeds.items():
    open(f"{out}/{name}", "wb").write(data)
