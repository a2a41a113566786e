/// Reads waiting for their mate, by name, in a dictionary of bounded size.
///
/// When full, the oldest read is evicted (and delivered by the caller as a single read): memory
/// stays bounded whatever the file, at the price of splitting pairs whose mates lie further apart
/// in the file than `capacity` other waiting reads. O(1) amortised per operation.
struct BAMPendingMates {
    let capacity: Int
    private var reads: [[UInt8]: BAMRead] = [:]
    /// Insertion order; may still hold names already taken (skipped when evicting).
    private var order: [[UInt8]] = []
    private var head = 0
    /// Reads evicted so far (pairs split by the bound).
    private(set) var evicted = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    var count: Int { reads.count }
    var isEmpty: Bool { reads.isEmpty }

    /// Removes and returns the read waiting under `name`, if any.
    mutating func take(_ name: [UInt8]) -> BAMRead? {
        reads.removeValue(forKey: name)
    }

    /// Adds a read to wait for its mate; returns the oldest read when this makes too many.
    mutating func insert(_ read: BAMRead) -> BAMRead? {
        reads[read.name] = read
        order.append(read.name)
        if order.count - head > 2 * max(reads.count, 1024) {
            // Most names in `order` were taken already: keep the waiting ones, in order.
            order = order[head...].filter { reads[$0] != nil }
            head = 0
        }
        guard reads.count > capacity else { return nil }
        while head < order.count {
            let name = order[head]
            head += 1
            if let oldest = reads.removeValue(forKey: name) {
                evicted += 1
                compact()
                return oldest
            }
        }
        return nil
    }

    /// Removes and returns every waiting read, oldest first.
    mutating func drain() -> [BAMRead] {
        var out: [BAMRead] = []
        out.reserveCapacity(reads.count)
        for name in order[head...] {
            if let r = reads.removeValue(forKey: name) { out.append(r) }
        }
        order.removeAll()
        head = 0
        return out
    }

    /// The waiting reads, oldest first, without removing them.
    var waiting: [BAMRead] {
        order[head...].compactMap { reads[$0] }
    }

    private mutating func compact() {
        if head > 4096, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
