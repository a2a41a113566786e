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
final class BackgroundChunkSupplier: ChunkSupplier {
    private let ring: Ring
    private var nextSlot = 0
    private var holding = false
    private var finished = false
    private var consumedOffset = 0

    init(source: any ByteSource, bufferSize: Int, slotCount: Int = 4) {
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
            defer { done.signal() }
            var slot = 0
            while true {
                free.wait()
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
                filled.signal()
                if stop { return }
                slot = (slot + 1) % slotCount
            }
        }
    }
}
