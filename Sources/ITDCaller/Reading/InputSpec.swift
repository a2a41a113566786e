import Foundation
/// The input files of one sample and how their reads pair up. "-" stands for stdin.
///
/// - single-end: each file is read in turn;
/// - paired: lane i of R1 pairs with lane i of R2; lanes are read one after another, the two
///   files of a lane in lockstep;
/// - interleaved: each file holds R1, R2, R1, R2, ... (mates adjacent).
///
/// Build it from command-line flags with ``init(reads:r1:r2:interleaved:flags:)``, which
/// validates; ``validate(flags:)`` throws ``OptionError`` naming the offending flag.
public struct InputSpec: Sendable, Hashable {
    public enum Layout: Sendable, Hashable {
        case singleEnd([String])
        case paired(r1: [String], r2: [String])
        case interleaved([String])
    }

    /// The flag spellings used in validation messages (set them to match the command line).
    public struct FlagNames: Sendable, Hashable {
        public var reads: String
        public var r1: String
        public var r2: String
        public var interleaved: String

        public init(reads: String = "<reads>", r1: String = "--r1", r2: String = "--r2", interleaved: String = "--interleaved") {
            self.reads = reads
            self.r1 = r1
            self.r2 = r2
            self.interleaved = interleaved
        }
    }

    /// One lane: a single-end or interleaved file (`second` nil) or an R1/R2 pair.
    public struct Lane: Sendable, Hashable {
        public var first: String
        public var second: String?
    }

    public var layout: Layout

    /// An unvalidated spec (call ``validate(flags:)``).
    public init(layout: Layout) {
        self.layout = layout
    }

    public static func singleEnd(_ files: [String]) -> InputSpec { InputSpec(layout: .singleEnd(files)) }
    public static func paired(r1: [String], r2: [String]) -> InputSpec { InputSpec(layout: .paired(r1: r1, r2: r2)) }
    public static func interleaved(_ files: [String]) -> InputSpec { InputSpec(layout: .interleaved(files)) }

    /// Builds the spec from command-line values and validates it.
    ///
    /// - Parameters:
    ///   - reads: positional files: single-end, or interleaved with `interleaved`.
    ///   - r1, r2: paired files, one per lane, in the same lane order.
    ///   - interleaved: the files (given as `reads` or `r1`) hold both mates.
    public init(reads: [String] = [], r1: [String] = [], r2: [String] = [], interleaved: Bool = false,
                flags: FlagNames = FlagNames()) throws(OptionError) {
        if interleaved {
            guard r2.isEmpty else {
                throw OptionError(option: flags.r2, message: "\(flags.interleaved) files hold both mates; do not also give \(flags.r2)")
            }
            guard reads.isEmpty || r1.isEmpty else {
                throw OptionError(option: flags.r1, message: "give the interleaved files either as \(flags.reads) or with \(flags.r1), not both")
            }
            layout = .interleaved(reads + r1)
        } else if !r1.isEmpty || !r2.isEmpty {
            guard reads.isEmpty else {
                throw OptionError(option: flags.reads, message: "give either \(flags.reads) (single-end) or \(flags.r1)/\(flags.r2) (paired), not both")
            }
            layout = .paired(r1: r1, r2: r2)
        } else {
            layout = .singleEnd(reads)
        }
        try validate(flags: flags)
    }

    /// Every file in reading order (R1 before R2 within a lane).
    public var files: [String] {
        lanes.flatMap { [$0.first] + ($0.second.map { [$0] } ?? []) }
    }

    /// The lanes in reading order.
    public var lanes: [Lane] {
        switch layout {
        case .singleEnd(let files), .interleaved(let files):
            return files.map { Lane(first: $0, second: nil) }
        case .paired(let r1, let r2):
            return zip(r1, r2).map { Lane(first: $0, second: $1) }
        }
    }

    /// True for paired and interleaved input.
    public var isPaired: Bool {
        if case .singleEnd = layout { return false }
        return true
    }

    /// Throws ``OptionError`` naming the flag: no files, R2 without R1 (or R1 without R2),
    /// different numbers of R1 and R2 files, one file given as both R1 and R2, stdin ("-")
    /// more than once, an empty file name.
    public func validate(flags: FlagNames = FlagNames()) throws(OptionError) {
        switch layout {
        case .singleEnd(let files):
            guard !files.isEmpty else {
                throw OptionError(option: flags.reads, message: "no input: give FASTQ files (plain or gzip; - for stdin)")
            }
            try checkNames(files, flag: flags.reads)
        case .interleaved(let files):
            guard !files.isEmpty else {
                throw OptionError(option: flags.interleaved, message: "no input: give the interleaved FASTQ files")
            }
            try checkNames(files, flag: flags.interleaved)
        case .paired(let r1, let r2):
            if r1.isEmpty, r2.isEmpty {
                throw OptionError(option: flags.r1, message: "no input: give the R1 and R2 files")
            }
            if r1.isEmpty {
                throw OptionError(option: flags.r2, message: "given without \(flags.r1): give the R1 file(s) too")
            }
            if r2.isEmpty {
                throw OptionError(option: flags.r1, message: "given without \(flags.r2): give the R2 file(s), or the files as \(flags.reads) for single-end reads, or add \(flags.interleaved)")
            }
            guard r1.count == r2.count else {
                throw OptionError(option: flags.r2, message: "got \(r1.count) \(flags.r1) file(s) but \(r2.count) \(flags.r2) file(s); lane i of R1 pairs with lane i of R2")
            }
            try checkNames(r1, flag: flags.r1)
            try checkNames(r2, flag: flags.r2)
            if r1.contains("-"), r2.contains("-") {
                throw OptionError(option: flags.r2, message: "stdin ('-') can be read only once")
            }
        }
        try checkDistinctFiles(flags: flags)
    }

    /// One file named twice, however spelled (`a.fq` and `./a.fq`, a symbolic link): its reads
    /// would be counted twice, or a file paired with itself. Files are told apart by device and
    /// inode where they exist, by their absolute standardized path otherwise.
    private func checkDistinctFiles(flags: FlagNames) throws(OptionError) {
        var seen: [String: String] = [:]
        let named: [(file: String, flag: String)]
        switch layout {
        case .singleEnd(let files): named = files.map { ($0, flags.reads) }
        case .interleaved(let files): named = files.map { ($0, flags.interleaved) }
        case .paired(let r1, let r2): named = r1.map { ($0, flags.r1) } + r2.map { ($0, flags.r2) }
        }
        for (file, flag) in named where file != "-" {
            let id = Self.fileIdentity(file)
            if let earlier = seen[id] {
                let message = earlier == file ? "'\(file)' is given twice" : "'\(file)' is the same file as '\(earlier)'"
                throw OptionError(option: flag, message: message + ": its reads would be counted twice (or paired with themselves)")
            }
            seen[id] = file
        }
    }

    static func fileIdentity(_ path: String) -> String {
        var st = stat()
        if stat(path, &st) == 0 { return "inode \(st.st_dev):\(st.st_ino)" }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return "path " + (absolute as NSString).standardizingPath
    }

    private func checkNames(_ files: [String], flag: String) throws(OptionError) {
        if files.contains("") {
            throw OptionError(option: flag, message: "empty file name")
        }
        if files.filter({ $0 == "-" }).count > 1 {
            throw OptionError(option: flag, message: "stdin ('-') can be read only once")
        }
    }
}
