#!/usr/bin/env python3
"""Prints the C table of src/eval/get_price.c: the code point of DIGIT ZERO of every run of
Unicode decimal digits (category Nd, what Python's re `\\d` and float() accept), from
CPython's own unicodedata (3.11 = Unicode 14). Every run is ten consecutive code points
0..9; the script checks that before printing."""
import sys
import unicodedata

zeros = [c for c in range(0x110000)
         if chr(c).isdecimal() and unicodedata.decimal(chr(c)) == 0]
for z in zeros:
    assert all(unicodedata.decimal(chr(z + i)) == i for i in range(10))
assert sum(chr(c).isdecimal() for c in range(0x110000)) == 10 * len(zeros)
print(f"/* Unicode {unicodedata.unidata_version}: {len(zeros)} runs of Nd digits "
      "(tests/gen/gen_decimal_zeros.py) */")
print("static const uint32_t g_nd_zero[] = {")
line = "   "
for z in zeros:
    item = f" 0x{z:X},"
    if len(line) + len(item) > 96:
        print(line)
        line = "   "
    line += item
print(line)
print("};")
