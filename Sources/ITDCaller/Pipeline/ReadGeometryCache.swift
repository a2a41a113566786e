#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded map from recent read sequences (raw bytes, exactly as read) to the interned mate
/// geometry their alignment gave (-1: the read did not align).
///
/// Amplicon reads start at the primers, so identical reads are common (96 % of R1 reads of a
/// simulated 200,000-pair 2x250 amplicon sample repeat an earlier read); a hit skips the
/// alignment. Alignment is a pure function of the bases, and a hit needs byte-equal bases, so
/// results are identical with and without the cache. Memory is bounded: when the table is half
/// full or the byte arena is full, everything is forgotten and filling starts again.
///
/// Lookup cost: one pass of a multiplicative word hash over the read plus one `memcmp` on a hit.
/// Not thread-safe; raw pointers stay inside.
final class ReadGeometryCache {
    private let slotCount: Int
    private let arenaCapacity: Int
    /// 0 = empty slot (stored hashes have their low bit set).
    private let hashes: UnsafeMutablePointer<UInt64>
    private let offsets: UnsafeMutablePointer<Int32>
    private let lengths: UnsafeMutablePointer<Int32>
    private let values: UnsafeMutablePointer<Int32>
    private let arena: UnsafeMutablePointer<UInt8>
    private var arenaUsed = 0
    private var count = 0

    /// - Parameters:
    ///   - slotsLog2: table size (power of two); at most half is filled.
    ///   - arenaBytes: bytes of read sequence kept.
    init(slotsLog2: Int = 16, arenaBytes: Int = 8 << 20) {
        slotCount = 1 << slotsLog2
        arenaCapacity = arenaBytes
        hashes = .allocate(capacity: slotCount)
        hashes.initialize(repeating: 0, count: slotCount)
        offsets = .allocate(capacity: slotCount)
        lengths = .allocate(capacity: slotCount)
        values = .allocate(capacity: slotCount)
        arena = .allocate(capacity: arenaBytes)
    }

    deinit {
        hashes.deallocate(); offsets.deallocate(); lengths.deallocate(); values.deallocate(); arena.deallocate()
    }

    @inline(__always) private static func hash(_ s: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(s.count)
        guard let base = s.baseAddress else { return h | 1 }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= s.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        while i < s.count {
            tail = (tail << 8) | UInt64(base[i])
            i += 1
        }
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return h | 1
    }

    /// Slot holding `s`, or the empty slot where it would go.
    @inline(__always) private func find(_ s: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> Int {
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: h >> 17) & mask
        while true {
            let stored = hashes[slot]
            if stored == 0 { return slot }
            if stored == h, Int(lengths[slot]) == s.count,
               s.isEmpty || memcmp(arena + Int(offsets[slot]), s.baseAddress!, s.count) == 0 {
                return slot
            }
            slot = (slot + 1) & mask
        }
    }

    /// The geometry ID remembered for these bases, or nil.
    func value(for s: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(s)
        let slot = find(s, h)
        return hashes[slot] == 0 ? nil : values[slot]
    }

    /// Remembers `value` for these bases (which must not be present).
    func insert(_ s: UnsafeBufferPointer<UInt8>, value: Int32) {
        guard s.count <= arenaCapacity / 4 else { return }
        if count * 2 >= slotCount || arenaUsed + s.count > arenaCapacity {
            hashes.update(repeating: 0, count: slotCount)
            count = 0
            arenaUsed = 0
        }
        let h = Self.hash(s)
        let slot = find(s, h)
        if let base = s.baseAddress { (arena + arenaUsed).update(from: base, count: s.count) }
        hashes[slot] = h
        offsets[slot] = Int32(arenaUsed)
        lengths[slot] = Int32(s.count)
        values[slot] = value
        arenaUsed += s.count
        count += 1
    }
}
