#!/usr/bin/env python3
"""Build TestReads/annotation/cases.tsv: ITD annotation cases with the read simulator as oracle.

For every ITD spec in the grid below the simulator (shared/tools/flt3sim.py, --dry-run, capture
mode so no primer constraint applies) writes truth.json. From it we take the event exactly as the
simulator placed it (insertion of nontemplated + ref[s:e] before sense offset e) -- usually NOT
the canonical placement -- and the simulator's own normalisation facts (equivalent insertion range,
3'-most HGVS).

The canonical (3'-most, maximally templated) form of the same mutant sequence is then re-expressed
as a second simulator spec ("canon_spec") and simulated again; that second run must place the
insertion at its own 3'-most point (checked here), so its VCF record, duplicated span, length and
non-templated bases are the expected annotation. The only reasoning done here is the re-expression:
  k = (3'-most insertion point) - e           shift, from the simulator's equivalent range
  if k >= len(ins): pure duplication of ref[s + k - len(ins) : e + k]
  else:             ins[k:] + ref[s : e + k], then the longest suffix of ins[k:] equal to the
                    reference before s is moved into the duplicated span.
Both runs must describe the same mutant sequence (checked: same 3'-most HGVS unless the canonical
form became a pure duplication).

Usage: python3 scripts/make-annotation-cases.py [--sim PATH] [--out TestReads/annotation/cases.tsv]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

G38_AT_SENSE0 = 28034707

# (length, position spec, non-templated bases) -- positions across exon 14, intron 14, exon 15,
# plus exon 13 / intron 13; many shift because the base after the span repeats its first base.
GRID = [
    # exon 14, in frame
    (63, "c.1770", ""), (21, "c.1775", ""), (15, "c.1786", ""), (18, "c.1790", ""),
    (24, "c.1760", ""), (30, "c.1781", ""), (33, "c.1795", ""), (36, "c.1750", ""),
    (45, "c.1763", ""), (51, "c.1779", ""), (60, "c.1740", ""), (72, "c.1730", ""),
    (90, "c.1720", ""), (102, "c.1710", ""), (120, "c.1706", ""), (3, "c.1800", ""),
    (6, "c.1803", ""), (9, "c.1811", ""), (12, "c.1820", ""), (27, "c.1805", ""),
    # exon 14, out of frame
    (4, "c.1787", ""), (7, "c.1777", ""), (10, "c.1799", ""), (20, "c.1771", ""),
    (25, "c.1790", ""), (35, "c.1765", ""), (50, "c.1745", ""), (1, "c.1792", ""),
    # around the exon 14 / intron 14 border and in intron 14
    (16, "c.1822", ""), (30, "c.1830", ""), (12, "c.1837+3", ""), (20, "c.1837+10", ""),
    (40, "c.1837+20", ""), (8, "c.1838-30", ""), (5, "c.1838-12", ""), (3, "c.1837+40", ""),
    (60, "c.1800", ""), (25, "c.1838-20", ""),
    # exon 15 and spanning into it
    (21, "c.1840", ""), (27, "c.1850", ""), (9, "c.1860", ""), (13, "c.1870", ""),
    (33, "c.1880", ""), (18, "c.1838-5", ""),
    # long ones
    (150, "c.1700", ""), (201, "c.1680", ""), (300, "c.1650", ""), (400, "c.1600", ""),
    (240, "c.1705-40", ""),
    # genomic and offset position forms
    (20, "g.28034124", ""), (30, "off=560", ""),
    # with non-templated bases
    (21, "c.1775", "ACG"), (63, "c.1770", "T"), (30, "c.1781", "GA"), (15, "c.1786", "CCTT"),
    (24, "c.1760", "AGGTC"), (18, "c.1790", "TTACGG"), (20, "c.1771", "A"), (33, "c.1795", "GG"),
    (12, "c.1837+3", "CA"), (27, "c.1850", "TAC"), (45, "c.1763", "GAA"), (9, "c.1811", "CTGAAC"),
]

COLUMNS = ["id", "sim_spec", "event_reference", "event_position", "event_inserted", "canon_spec",
           "length", "nontemplated", "insertion_length", "in_frame",
           "grch38_start", "grch38_end", "grch37_start", "grch37_end",
           "vcf_pos", "vcf_ref", "vcf_alt", "hgvs_c", "sim_hgvs_c_3prime",
           "sim_length", "sim_nontemplated"]


def read_sense(ref_dir):
    with open(os.path.join(ref_dir, "flt3_genomic_ex13_15.sense.fa")) as fh:
        return "".join(line.strip() for line in fh if not line.startswith(">"))


def simulate(sim, spec, tmp):
    out = tempfile.mkdtemp(dir=tmp)
    subprocess.run([sys.executable, sim, "--mode", "capture", "--itd", spec + ",ar=0.5", "--dry-run",
                    "--out", out], check=True, capture_output=True)
    with open(os.path.join(out, "truth.json")) as fh:
        return json.load(fh)["itds"][0]


def spec_string(length, pos, ins):
    return f"len={length},pos={pos}" + (f",ins={ins}" if ins else "")


def canonical_spec(itd, sense):
    s, e = itd["dup_span"]["sense_off"]
    n = itd["nontemplated_nt"]
    hi = G38_AT_SENSE0 - itd["insertion"]["grch38_equiv_after_range"][0]
    k = hi - e
    if k >= len(n):
        return (e + k) - (s + k - len(n)), f"off={s + k - len(n)}", ""
    rest, start = n[k:], s
    while rest and start > 0 and rest[-1] == sense[start - 1]:
        rest, start = rest[:-1], start - 1
    return hi - start, f"off={start}", rest


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sim", default="/work/shared/tools/flt3sim.py")
    ap.add_argument("--out", default=os.path.join(here, "..", "TestReads", "annotation", "cases.tsv"))
    a = ap.parse_args()
    sense = read_sense(os.path.join(os.path.dirname(a.sim), "..", "reference"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (length, pos, ins) in enumerate(GRID, 1):
            spec = spec_string(length, pos, ins)
            first = simulate(a.sim, spec, tmp)
            clen, cpos, cins = canonical_spec(first, sense)
            cspec = spec_string(clen, cpos, cins)
            canon = simulate(a.sim, cspec, tmp)
            cs, ce = canon["dup_span"]["sense_off"]
            if G38_AT_SENSE0 - canon["insertion"]["grch38_equiv_after_range"][0] != ce:
                sys.exit(f"{spec}: canonical spec {cspec} is not at its 3'-most position")
            if cins and canon["insertion"]["hgvs_c_3prime"] != first["insertion"]["hgvs_c_3prime"]:
                sys.exit(f"{spec}: canonical spec {cspec} describes another mutant sequence")
            if canon["insertion"]["hgvs_c"] != canon["insertion"]["hgvs_c_3prime"]:
                sys.exit(f"{spec}: canonical spec {cspec} has a non-3' HGVS")
            fs, fe = first["dup_span"]["sense_off"]
            vcf = canon["insertion"]["vcf"]
            rows.append({
                "id": f"case{i:02d}", "sim_spec": spec, "event_reference": "genomic",
                "event_position": fe, "event_inserted": first["insertion"]["seq_sense"],
                "canon_spec": cspec, "length": canon["length"], "nontemplated": canon["nontemplated_nt"],
                "insertion_length": canon["insertion_length"], "in_frame": str(canon["in_frame"]).lower(),
                "grch38_start": canon["dup_span"]["grch38"]["start"],
                "grch38_end": canon["dup_span"]["grch38"]["end"],
                "grch37_start": canon["dup_span"]["grch37"]["start"],
                "grch37_end": canon["dup_span"]["grch37"]["end"],
                "vcf_pos": vcf["pos"], "vcf_ref": vcf["ref"], "vcf_alt": vcf["alt"],
                "hgvs_c": canon["insertion"]["hgvs_c"],
                "sim_hgvs_c_3prime": first["insertion"]["hgvs_c_3prime"],
                "sim_length": first["length"], "sim_nontemplated": first["nontemplated_nt"],
            })
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as fh:
        fh.write("\t".join(COLUMNS) + "\n")
        for r in rows:
            fh.write("\t".join(str(r[c]) for c in COLUMNS) + "\n")
    shifted = sum(1 for r in rows if G38_AT_SENSE0 - r["vcf_pos"] != r["event_position"])
    print(f"wrote {len(rows)} cases to {a.out} ({shifted} events are not at their canonical position)")


if __name__ == "__main__":
    main()
