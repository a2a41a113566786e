#!/usr/bin/env python3
"""Regenerates the reader fixtures in this folder (deterministic: fixed seed, gzip mtime 0).

Run from anywhere: python3 TestReads/reader/make_fixtures.py
Needs python3 (gzip, zlib, struct) and samtools (for the BAM and CRAM fixtures).
See README.md for what each file must produce.
"""
import gzip
import os
import random
import struct
import subprocess
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20261125)


def path(name):
    return os.path.join(HERE, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


def random_read(n):
    return "".join(rng.choice("ACGT") if rng.random() > 0.01 else "N" for _ in range(n))


def random_qual(n):
    return "".join(chr(33 + rng.randint(2, 40)) for _ in range(n))


def record(name, seq, qual, plus="+"):
    return f"@{name}\n{seq}\n{plus}\n{qual}\n"


# good.fastq: 60 reads of varied lengths (1..300 bp), some with comments, some with a '+' line
# that repeats the header.
good_records = []
for i in range(60):
    n = [1, 35, 75, 100, 150, 151, 250, 300][i % 8]
    name = f"read{i + 1}"
    if i % 3 == 1:
        name += f" comment={i}"
    seq, qual = random_read(n), random_qual(n)
    plus = "+" + name if i % 5 == 2 else "+"
    good_records.append((name, seq, qual, plus))
good = "".join(record(*r) for r in good_records).encode()
write("good.fastq", good)
write("good.fastq.gz", gz(good))
write("good_no_final_newline.fastq", good[:-1])
write("good_trailing_blank_lines.fastq", good + b"\n\n\r\n\n")
write("crlf.fastq", good.replace(b"\n", b"\r\n"))

# multi_member.fastq.gz: good.fastq split at record boundaries 20/40 and in the middle of a
# line, each part its own gzip member, plus an empty member and zero padding at the end.
cut = len(good) // 2 + 7
parts = [good[:cut], good[cut:]]
write("multi_member.fastq.gz", gz(parts[0]) + gz(b"") + gz(parts[1]) + b"\0" * 16)


def bgzf_block(data):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = c.compress(data) + c.flush()
    bsize = 18 + len(deflated) + 8 - 1
    header = struct.pack("<BBBBIBBHBBHH", 0x1F, 0x8B, 8, 4, 0, 0, 0xFF, 6, ord("B"), ord("C"), 2, bsize)
    return header + deflated + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data))


def bgzf(data, block=1000):
    out = b"".join(bgzf_block(data[i:i + block]) for i in range(0, len(data), block))
    return out + bgzf_block(b"")   # the standard empty EOF block


# bgzf.fastq.gz: BGZF with 1000-byte blocks (records straddle blocks), EOF block at the end.
write("bgzf.fastq.gz", bgzf(good))

# Must-fail fixtures.
gzgood = gz(good)
write("truncated.fastq.gz", gzgood[: len(gzgood) // 2])
corrupt = bytearray(gzgood)
for k in range(len(corrupt) // 2, len(corrupt) // 2 + 8):
    corrupt[k] ^= 0x5A
write("corrupt.fastq.gz", bytes(corrupt))
write("truncated_record.fastq", good[: len(good) - 40])   # ends inside record 60's quality
recs = [record(*r) for r in good_records[:5]]
name, seq, qual, plus = good_records[2]
mismatch = recs[:2] + [record(name, seq, qual[:-1], plus)] + recs[3:]
write("seq_qual_mismatch.fastq", "".join(mismatch).encode())
no_at = recs[:1] + [recs[1][1:]] + recs[2:]
write("no_at_header.fastq", "".join(no_at).encode())
no_plus = recs[:3] + [recs[3].replace("\n+", "\n-", 1)] + recs[4:]
write("missing_plus.fastq", "".join(no_plus).encode())
name, seq, qual, _ = good_records[4]
wrapped = f"@{name}\n{seq[:60]}\n{seq[60:120]}\n{seq[120:]}\n+\n{qual[:60]}\n{qual[60:120]}\n{qual[120:]}\n"
write("multiline.fastq", ("".join(recs[:1]) + wrapped).encode())
write("empty.fastq", b"")
write("empty.fastq.gz", gz(b""))
fasta = "".join(f">{n.split()[0]}\n{s}\n" for n, s, _, _ in good_records[:5])
write("fasta_given.fa", fasta.encode())
sam_header = "@HD\tVN:1.6\tSO:unsorted\n@PG\tID:make_fixtures\tPN:python\n"
sam_body = "".join(
    f"{n.split()[0]}\t4\t*\t0\t0\t*\t*\t0\t0\t{s}\t{q}\n" for n, s, q, _ in good_records[:5]
)
write("sam_given.sam", (sam_header + sam_body).encode())
write("sam_headerless.sam", sam_body.encode())
# relative names: CRAM records its file name in its header
subprocess.run(["samtools", "view", "--no-PG", "-b", "-o", "bam_given.bam", "sam_given.sam"], check=True, cwd=HERE)
subprocess.run(["samtools", "view", "--no-PG", "-C", "-o", "cram_given.cram", "sam_given.sam"], check=True, cwd=HERE)
write("bzip2_given.fastq.bz2", b"BZh91AY&SY" + b"\0" * 20)

# Pairs: 30 fragments. R1 names end in /1 and R2 in /2 (old Illumina); the CASAVA pair has the
# same name with " 1:N:0:ACGTACGT" / " 2:N:0:ACGTACGT" comments.
pairs = []
for i in range(30):
    pairs.append((f"frag{i + 1}", random_read(100), random_qual(100), random_read(100), random_qual(100)))
write("pair_slash_R1.fastq", "".join(record(f"{n}/1", s1, q1) for n, s1, q1, _, _ in pairs).encode())
write("pair_slash_R2.fastq", "".join(record(f"{n}/2", s2, q2) for n, _, _, s2, q2 in pairs).encode())
write("pair_casava_R1.fastq.gz", gz("".join(record(f"{n} 1:N:0:ACGTACGT", s1, q1) for n, s1, q1, _, _ in pairs).encode()))
write("pair_casava_R2.fastq.gz", gz("".join(record(f"{n} 2:N:0:ACGTACGT", s2, q2) for n, _, _, s2, q2 in pairs).encode()))
bad_names = [p if i != 11 else ("other12",) + p[1:] for i, p in enumerate(pairs)]
write("pair_name_mismatch_R2.fastq", "".join(record(f"{n}/2", s2, q2) for n, _, _, s2, q2 in bad_names).encode())
write("pair_r1_longer_R1.fastq", "".join(record(f"{n}/1", s1, q1) for n, s1, q1, _, _ in pairs).encode()
      + record("frag31/1", "ACGT", "IIII").encode())
write("pair_r1_longer_R2.fastq", "".join(record(f"{n}/2", s2, q2) for n, _, _, s2, q2 in pairs).encode())
# Lanes: fragments 1-18 in lane 1, 19-30 in lane 2 (gzip).
for lane, chunk in ((1, pairs[:18]), (2, pairs[18:])):
    write(f"lane{lane}_R1.fastq.gz", gz("".join(record(f"{n}/1", s1, q1) for n, s1, q1, _, _ in chunk).encode()))
    write(f"lane{lane}_R2.fastq.gz", gz("".join(record(f"{n}/2", s2, q2) for n, _, _, s2, q2 in chunk).encode()))
# Interleaved: R1, R2, R1, R2, ...; the odd one drops the last R2.
inter = "".join(record(f"{n}/1", s1, q1) + record(f"{n}/2", s2, q2) for n, s1, q1, s2, q2 in pairs)
write("interleaved.fastq", inter.encode())
write("interleaved_odd.fastq", inter.encode()[: inter.encode().rindex(b"@frag30/2")])
# bad_sequence.fastq: 5 records; base 10 of record 4's sequence is a NUL byte.
name, seq, qual, plus = good_records[3]
nul_rec = record(name, seq[:9] + "\0" + seq[10:], qual, plus)
write("bad_sequence.fastq", "".join(recs[:3] + [nul_rec] + recs[4:]).encode())
# bad_quality.fastq: 5 records; character 20 of record 3's quality is a space (outside '!'..'~').
name, seq, qual, plus = good_records[2]
assert len(qual) >= 20
space_rec = record(name, seq, qual[:19] + " " + qual[20:], plus)
write("bad_quality.fastq", "".join(recs[:2] + [space_rec] + recs[3:]).encode())
