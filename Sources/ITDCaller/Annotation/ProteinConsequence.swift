/// Predicted protein consequence (HGVS p., three-letter amino-acid codes) of inserting bases into
/// the FLT3 coding sequence.
///
/// The wild-type protein is the translation of `FLT3Reference.cds` (c.1-2982, 993 residues + stop).
/// The mutant coding sequence is `cds[..<cdsIndex] + inserted + cds[cdsIndex...]`; it is translated
/// up to its first stop codon. Descriptions are predicted, so they are wrapped in parentheses.
///
/// Conventions (deterministic):
/// - In frame, no new stop: the change is placed 3'-most (longest common prefix of wild type and
///   mutant first, then the longest common suffix of what remains).
///   Pure insertion equal to the residues just before it → `p.(Glu596_Asp600dup)` (or
///   `p.(Glu596dup)` for one residue); other pure insertions → `p.(Xaa#_Yaa#insZzz…)`;
///   otherwise `p.(Xaa#delinsZzz…)` / `p.(Xaa#_Yaa#delinsZzz…)`.
/// - In frame with a premature stop: `p.(Xaa#Ter)` when the first changed residue is the stop,
///   else `p.(Xaa#delinsZzz…Ter)` (the first changed residue replaced by the new residues and the stop).
/// - Out of frame: `p.(Xaa#Yyyfs*N)`, where `#` is the first changed residue, `Yyy` its new
///   identity and `N` counts from it (1) to the new stop (HGVS v21 prefers `fsTerN` in three-letter
///   descriptions; `fs*N` is the project's chosen form); `p.(Xaa#Ter)` when the first changed
///   residue is a stop; `p.(Xaa#fs)` when no stop is met before the end of the CDS.
enum ProteinConsequence {
    /// HGVS p. description of inserting `inserted` before 0-based CDS index `cdsIndex`
    /// (i.e. between c.`cdsIndex` and c.`cdsIndex + 1`).
    static func describe(inserting inserted: [UInt8], atCDSIndex cdsIndex: Int, cds: [UInt8]) -> String {
        let wildType = translate(cds)                       // includes the terminal "*"
        let wt = Array(wildType.prefix { $0 != star })
        let mutantCDS = Array(cds[..<cdsIndex]) + inserted + Array(cds[cdsIndex...])
        let mutant = translate(mutantCDS)                   // up to and including the first stop, if any
        let prefix = commonPrefixLength(wildType, mutant)

        if inserted.count % 3 != 0 {
            guard prefix < mutant.count else { return "p.?" }
            let position = prefix + 1
            let from = threeLetter(wildType[prefix])
            if mutant[prefix] == star { return "p.(\(from)\(position)Ter)" }
            guard let stop = mutant.firstIndex(of: star) else { return "p.(\(from)\(position)fs)" }
            return "p.(\(from)\(position)\(threeLetter(mutant[prefix]))fs*\(stop - prefix + 1))"
        }

        let added = inserted.count / 3
        if let stop = mutant.firstIndex(of: star), stop < wt.count + added {
            let from = threeLetter(wildType[prefix])
            if stop == prefix { return "p.(\(from)\(prefix + 1)Ter)" }
            return "p.(\(from)\(prefix + 1)delins\(threeLetter(mutant[prefix ..< stop]))Ter)"
        }
        let mut = Array(mutant.prefix { $0 != star })
        let left = commonPrefixLength(wt, mut)
        var right = 0
        while left + right < wt.count, wt[wt.count - 1 - right] == mut[mut.count - 1 - right] { right += 1 }
        let deleted = left ..< (wt.count - right)
        let insertedResidues = Array(mut[left ..< (mut.count - right)])

        if deleted.isEmpty {
            let k = insertedResidues.count
            if left >= k, Array(wt[(left - k) ..< left]) == insertedResidues {
                let first = "\(threeLetter(wt[left - k]))\(left - k + 1)"
                return k == 1 ? "p.(\(first)dup)" : "p.(\(first)_\(threeLetter(wt[left - 1]))\(left)dup)"
            }
            guard left >= 1, left < wt.count else { return "p.?" }
            return "p.(\(threeLetter(wt[left - 1]))\(left)_\(threeLetter(wt[left]))\(left + 1)"
                + "ins\(threeLetter(insertedResidues[...])))"
        }
        let first = "\(threeLetter(wt[deleted.lowerBound]))\(deleted.lowerBound + 1)"
        let range = deleted.count == 1 ? first
            : "\(first)_\(threeLetter(wt[deleted.upperBound - 1]))\(deleted.upperBound)"
        return "p.(\(range)delins\(threeLetter(insertedResidues[...])))"
    }

    /// One-letter translation with the standard genetic code, codon by codon from the first base,
    /// stopping after the first stop codon ("*"); codons with a base other than ACGT give "X";
    /// a trailing partial codon is ignored.
    static func translate(_ dna: [UInt8]) -> [UInt8] {
        var protein: [UInt8] = []
        protein.reserveCapacity(dna.count / 3)
        var i = 0
        while i + 3 <= dna.count {
            let aa = aminoAcid(dna[i], dna[i + 1], dna[i + 2])
            protein.append(aa)
            if aa == star { break }
            i += 3
        }
        return protein
    }

    /// Three-letter code of a one-letter amino acid ("*" → "Ter", unknown → "Xaa").
    static func threeLetter(_ aa: UInt8) -> String {
        switch aa {
        case UInt8(ascii: "A"): return "Ala"
        case UInt8(ascii: "R"): return "Arg"
        case UInt8(ascii: "N"): return "Asn"
        case UInt8(ascii: "D"): return "Asp"
        case UInt8(ascii: "C"): return "Cys"
        case UInt8(ascii: "Q"): return "Gln"
        case UInt8(ascii: "E"): return "Glu"
        case UInt8(ascii: "G"): return "Gly"
        case UInt8(ascii: "H"): return "His"
        case UInt8(ascii: "I"): return "Ile"
        case UInt8(ascii: "L"): return "Leu"
        case UInt8(ascii: "K"): return "Lys"
        case UInt8(ascii: "M"): return "Met"
        case UInt8(ascii: "F"): return "Phe"
        case UInt8(ascii: "P"): return "Pro"
        case UInt8(ascii: "S"): return "Ser"
        case UInt8(ascii: "T"): return "Thr"
        case UInt8(ascii: "W"): return "Trp"
        case UInt8(ascii: "Y"): return "Tyr"
        case UInt8(ascii: "V"): return "Val"
        case UInt8(ascii: "*"): return "Ter"
        default: return "Xaa"
        }
    }

    static func threeLetter(_ residues: ArraySlice<UInt8>) -> String {
        residues.map { threeLetter($0) }.joined()
    }

    private static let star = UInt8(ascii: "*")

    /// Standard code, codons in TCAG order: index = 16·b1 + 4·b2 + b3 with T=0, C=1, A=2, G=3.
    private static let codeTCAG = Array("FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG".utf8)

    private static func aminoAcid(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        guard let x = baseIndex(a), let y = baseIndex(b), let z = baseIndex(c) else { return UInt8(ascii: "X") }
        return codeTCAG[16 * x + 4 * y + z]
    }

    private static func baseIndex(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "T"): return 0
        case UInt8(ascii: "C"): return 1
        case UInt8(ascii: "A"): return 2
        case UInt8(ascii: "G"): return 3
        default: return nil
        }
    }

    private static func commonPrefixLength(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        while i < a.count, i < b.count, a[i] == b[i] { i += 1 }
        return i
    }
}
