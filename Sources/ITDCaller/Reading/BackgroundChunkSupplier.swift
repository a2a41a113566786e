import Dispatch
import Foundation
import Synchronization

/// Decodes on a background thread (`threads >= 2`) into a bounded ring of buffers while the
/// caller parses: the producer inflates into slot i+1 while the consumer scans slot i.
///
/// Memory is fixed at `slotCount x bufferSize` bytes whatever the input size. Two counting
/// semaphores guard the ring, both created at 0 (`free` is then signalled `slotCount` times:
/// a semaphore created with a non-zero value traps if it is released below that value):
/// the producer waits on `free` before filling a slot and signals `filled` after; the consumer
/// waits on `filled`, and signals `free` when it asks for the chunk after. A slot with count 0
/// marks the end; an error travels in its slot, so it is thrown in stream order.
///
/// The producer's hand-overs are batched: it holds back its `filled` signals until it has
/// `batch` of them (half the ring) or is about to sleep, when it sends them all first
/// (``Handover``), so that a consumer that has caught up sleeps until half the ring is ready
/// instead of waking for every chunk (each wake-up on a busy machine can wait ~1 ms for a CPU).
/// The gain has not been shown by measurement on the shared machine (docs/performance.md). The
/// producer never sleeps holding a signal, so this cannot deadlock. The consumer signals `free`
/// at once: it reads R1 and R2 in lockstep from two rings, and if it held one ring's signals
/// while sleeping on the other, that ring's producer would stall.
final class BackgroundChunkSupplier: ChunkSupplier {
    private let ring: Ring
    private var nextSlot = 0
    private var holding = false
    private var finished = false
    private var consumedOffset = 0

    init(source: any ByteSource, bufferSize: Int, slotCount: Int = 8) {
        ring = Ring(source: source, bufferSize: max(1, bufferSize), slotCount: max(2, slotCount))
        let ring = self.ring
        let thread = Thread { ring.produce() }
        thread.name = "flt3ar-inflate"
        thread.start()
    }

    deinit {
        // Ask the producer to stop, wake it if it waits for a free slot, and wait until it has
        // left the ring, so no decode runs after the reader is gone.
        ring.cancelled.store(true, ordering: .releasing)
        ring.free.signal()
        ring.done.wait()
    }

    var inputBytesConsumed: Int { consumedOffset }

    func nextChunk() throws(InputError) -> UnsafeBufferPointer<UInt8>? {
        if holding {
            ring.free.signal()
            holding = false
        }
        if finished { return nil }
        ring.filled.wait()
        let slot = nextSlot
        nextSlot = (nextSlot + 1) % ring.slotCount
        if let error = ring.errors[slot] {
            finished = true
            throw error
        }
        let count = ring.counts[slot]
        consumedOffset = ring.offsets[slot]
        if count == 0 {
            finished = true
            return nil
        }
        holding = true
        return UnsafeBufferPointer(start: ring.buffers[slot], count: count)
    }

    /// State shared by the producer thread and the consumer. Every slot field is written by one
    /// side and read by the other only after the semaphore hand-over, hence `@unchecked`.
    private final class Ring: @unchecked Sendable {
        let source: any ByteSource
        let slotCount: Int
        /// `filled` signals the producer holds back before sending them (half the ring).
        let batch: Int
        let bufferSize: Int
        let buffers: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
        let counts: UnsafeMutablePointer<Int>
        let offsets: UnsafeMutablePointer<Int>
        let errors: UnsafeMutablePointer<InputError?>
        let free = DispatchSemaphore(value: 0)
        let filled = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let cancelled = Atomic<Bool>(false)

        init(source: any ByteSource, bufferSize: Int, slotCount: Int) {
            self.source = source
            self.slotCount = slotCount
            batch = max(1, slotCount / 2)
            self.bufferSize = bufferSize
            buffers = .allocate(capacity: slotCount)
            for i in 0..<slotCount {
                (buffers + i).initialize(to: .allocate(capacity: bufferSize))
            }
            counts = .allocate(capacity: slotCount)
            counts.initialize(repeating: 0, count: slotCount)
            offsets = .allocate(capacity: slotCount)
            offsets.initialize(repeating: 0, count: slotCount)
            errors = .allocate(capacity: slotCount)
            errors.initialize(repeating: nil, count: slotCount)
            for _ in 0..<slotCount { free.signal() }
        }

        deinit {
            for i in 0..<slotCount { buffers[i].deallocate() }
            buffers.deallocate()
            counts.deallocate()
            offsets.deallocate()
            errors.deinitialize(count: slotCount)
            errors.deallocate()
        }

        /// The producer loop: runs on the background thread until the end of input, an error,
        /// or cancellation.
        func produce() {
            var filledSlots = Handover(filled, batch: batch)
            defer {
                filledSlots.flush()
                done.signal()
            }
            var slot = 0
            while true {
                if free.wait(timeout: .now()) == .timedOut {
                    filledSlots.flush()
                    free.wait()
                }
                if cancelled.load(ordering: .acquiring) { return }
                var stop = false
                do {
                    let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffers[slot], count: bufferSize))
                    counts[slot] = n
                    errors[slot] = nil
                    stop = n == 0
                } catch {
                    counts[slot] = 0
                    errors[slot] = error
                    stop = true
                }
                offsets[slot] = source.inputBytesRead
                filledSlots.add()
                if stop { return }
                slot = (slot + 1) % slotCount
            }
        }
    }

    /// Signals on `semaphore` held back until there are `batch` of them, or until `flush()`.
    private struct Handover {
        let semaphore: DispatchSemaphore
        let batch: Int
        private var pending = 0

        init(_ semaphore: DispatchSemaphore, batch: Int) {
            self.semaphore = semaphore
            self.batch = batch
        }

        mutating func add() {
            pending += 1
            if pending >= batch { flush() }
        }

        mutating func flush() {
            while pending > 0 {
                semaphore.signal()
                pending -= 1
            }
        }
    }
}
