#!/usr/bin/env python3
"""Writes the BAM/CRAM fixtures of TestReads/bam/ (see README.md there). Needs samtools.

There is no aligner here, so reads are placed by exact 20-mer matches against the GRCh38 FLT3
context window chr13:28,033,340-28,034,800 (embedded in FLT3ReferenceData.swift) with a plain
"<len>M" CIGAR: positions are approximate, which is all an index query needs. Reverse-strand
mates are stored reverse-complemented (SEQ) and reversed (QUAL), as aligners write them.

Run from the repository root:  python3 TestReads/bam/make_fixtures.py
"""
import gzip, os, random, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "TestReads", "bam")
SRC = os.path.join(ROOT, "TestReads", "itdseek_sim_amplicon", "ITD.100.20_R{}.fastq.gz")
CONTEXT_START = 28_033_340          # GRCh38, 1-based, plus strand
GRCH37_SHIFT = 574_137
K = 20


def context():
    text = open(os.path.join(ROOT, "Sources/ITDCaller/Reference/FLT3ReferenceData.swift")).read()
    block = text.split("static let genomicContextPlus: String = [")[1].split("].joined()")[0]
    return "".join(re.findall(r'"([ACGTN]+)"', block))


def fastq(path):
    with gzip.open(path, "rt") as f:
        while True:
            h = f.readline().rstrip()
            if not h:
                return
            s = f.readline().rstrip(); f.readline(); q = f.readline().rstrip()
            yield h[1:].split()[0], s, q


def rc(s):
    return s[::-1].translate(str.maketrans("ACGTN", "TGCAN"))


def place(seq, ctx, kmers):
    """(0-based offset in the context, reverse?) of the first exact 20-mer hit, or None."""
    for reverse in (False, True):
        s = rc(seq) if reverse else seq
        for j in range(0, len(s) - K + 1, 5):
            o = kmers.get(s[j:j + K])
            if o is not None:
                return max(o - j, 0), reverse
    return None


def records(contig, offset, far=True):
    """SAM lines for the ITD.100.20 pairs laid out in the ways a real aligned BAM holds them.
    With far=False (a header with one short contig) no mate is placed elsewhere and no decoys."""
    ctx = context()
    kmers = {}
    for i in range(len(ctx) - K + 1):
        kmers.setdefault(ctx[i:i + K], i)
    lines = []
    r1s = list(fastq(SRC.format(1)))
    r2s = list(fastq(SRC.format(2)))
    assert len(r1s) == len(r2s)
    for i, ((n1, s1, q1), (n2, s2, q2)) in enumerate(zip(r1s, r2s)):
        mates = []
        for seq, qual, first in ((s1, q1, True), (s2, q2, False)):
            p = place(seq, ctx, kmers)
            mates.append({"seq": seq, "qual": qual, "first": first,
                          "rname": contig if p else "*", "pos": offset + p[0] if p else 0,
                          "rev": p[1] if p else False, "unmapped": p is None})
        kind = i % 10
        if not far and kind in (2, 3):
            kind = 0
        if kind == 0:     # mate 2 unmapped, placed at mate 1 (as BWA does)
            mates[1].update(unmapped=True, rev=False)
        elif kind == 1:   # both unmapped, unplaced: at the end of a sorted file
            for m in mates:
                m.update(unmapped=True, rev=False, rname="*", pos=0)
        elif kind == 2:   # mate 2 mapped far away on the same chromosome
            mates[1].update(unmapped=False, rname=contig, pos=60_000_000 + i, rev=False)
        elif kind == 3:   # mate 2 mapped on another chromosome
            mates[1].update(unmapped=False, rname="chr1", pos=1_000_000 + i, rev=False)
        for m in mates:   # an unmapped read takes its mapped mate's place, if any
            if m["unmapped"]:
                other = mates[1] if m is mates[0] else mates[0]
                if not other["unmapped"] and other["rname"] != "*":
                    m.update(rname=other["rname"], pos=other["pos"])
                elif kind != 1:
                    m.update(rname="*", pos=0)
        for a, b in ((mates[0], mates[1]), (mates[1], mates[0])):
            flag = 0x1 | (0x40 if a["first"] else 0x80)
            if a["unmapped"]: flag |= 0x4
            if b["unmapped"]: flag |= 0x8
            if a["rev"]: flag |= 0x10
            if b["rev"]: flag |= 0x20
            seq, qual = (rc(a["seq"]), a["qual"][::-1]) if a["rev"] else (a["seq"], a["qual"])
            cigar = "*" if a["unmapped"] else f"{len(seq)}M"
            rnext = "*" if b["rname"] == "*" else ("=" if b["rname"] == a["rname"] else b["rname"])
            lines.append([n1, flag, a["rname"], a["pos"], 0 if a["unmapped"] else 60, cigar, rnext, b["pos"], 0, seq, qual])
            if i % 50 == 5 and not a["unmapped"]:
                # A secondary and a supplementary copy: must be skipped.
                lines.append([n1, flag | 0x100, contig, offset + 200, 0, f"{len(seq)}M", rnext, b["pos"], 0, seq, qual])
                lines.append([n1, flag | 0x800, contig, offset + 300, 0, f"{len(seq)}M", rnext, b["pos"], 0, seq, qual])
    rng = random.Random(8)
    for d in range(50 if far else 0):   # decoy pairs mapped outside FLT3 (not in the FASTQ)
        s1 = "".join(rng.choice("ACGT") for _ in range(150))
        s2 = "".join(rng.choice("ACGT") for _ in range(150))
        pos = 50_000_000 + 1000 * d
        lines.append([f"decoy{d}", 0x1 | 0x2 | 0x40 | 0x20, contig, pos, 60, "150M", "=", pos + 200, 350, s1, "I" * 150])
        lines.append([f"decoy{d}", 0x1 | 0x2 | 0x80 | 0x10, contig, pos + 200, 60, "150M", "=", pos, -350, rc(s2), "I" * 150])
    return lines


def write_bam(name, contig, length, offset):
    sam = os.path.join(OUT, name + ".sam")
    with open(sam, "w") as f:
        f.write("@HD\tVN:1.6\tSO:unsorted\n")
        f.write("@SQ\tSN:chr1\tLN:248956422\n")
        f.write(f"@SQ\tSN:{contig}\tLN:{length}\n")
        f.write("@CO\tITD.100.20 placed by make_fixtures.py (20-mer matches, no aligner)\n")
        for r in records(contig, offset):
            f.write("\t".join(map(str, r)) + "\n")
    bam = os.path.join(OUT, name + ".bam")
    subprocess.run(["samtools", "sort", "--no-PG", "-o", bam, sam], check=True)
    subprocess.run(["samtools", "index", bam], check=True)
    os.remove(sam)


def write_cram():
    """ITD.100.20 placed on a 1,461-bp contig (the context window): CRAM with its reference."""
    ctx = context()
    fa = os.path.join(OUT, "flt3_context.fa")
    with open(fa, "w") as f:
        f.write(">FLT3ctx GRCh38 chr13:28033340-28034800 plus strand\n")
        for i in range(0, len(ctx), 60):
            f.write(ctx[i:i + 60] + "\n")
    sam = os.path.join(OUT, "itd_100_20.ctx.sam")
    with open(sam, "w") as f:
        f.write(f"@HD\tVN:1.6\tSO:unsorted\n@SQ\tSN:FLT3ctx\tLN:{len(ctx)}\n")
        for r in records("FLT3ctx", 1, far=False):
            f.write("\t".join(map(str, r)) + "\n")
    cram = os.path.join(OUT, "itd_100_20.ctx.cram")
    subprocess.run(["samtools", "view", "--no-PG", "-C", "-T", fa, "-o", cram, sam], check=True)
    os.remove(sam)
    # Drop the UR: tag samtools adds (this machine's absolute path to the FASTA): the reader must
    # find the reference through --reference only.
    header = subprocess.run(["samtools", "view", "--no-PG", "-H", cram], check=True, capture_output=True, text=True).stdout
    with open(sam, "w") as f:
        f.write(re.sub(r"\tUR:[^\t\n]*", "", header))
    subprocess.run(["samtools", "reheader", "--no-PG", "-i", sam, cram], check=True)
    os.remove(sam)


if __name__ == "__main__":
    write_bam("itd_100_20.grch38", "chr13", 114_364_328, CONTEXT_START)
    write_bam("itd_100_20.grch37", "13", 115_169_878, CONTEXT_START + GRCH37_SHIFT)
    subprocess.run(["samtools", "import", "--no-PG", "-1", SRC.format(1), "-2", SRC.format(2),
                    "-o", os.path.join(OUT, "itd_100_20.unaligned.bam")], check=True)
    write_cram()
    print("\n".join(sorted(os.listdir(OUT))))
