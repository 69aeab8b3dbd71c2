import EmulatorKit
import Synchronization

/// Delivers webhooks one at a time, in the order they were queued, on a task of its own, so API
/// answers never wait for a receiver. ``flush()`` waits until everything queued so far is done;
/// ``stop()`` gives up on what is left.
final class WebhookQueue: Sendable {
    private struct Job: Sendable {
        let delivery: WebhookDelivery?
        let done: (@Sendable () -> Void)?
    }

    /// What the worker and ``stop()`` share.
    private final class Progress: Sendable {
        struct State {
            var stopped = false
            /// The delivery being attempted (its retries included).
            var current: Task<Void, Never>?
        }
        let state = Mutex(State())
    }

    private let continuation: AsyncStream<Job>.Continuation
    private let progress = Progress()
    private let worker: Task<Void, Never>

    /// Starts the queue's task.
    init(deliverer: WebhookDeliverer) {
        let (stream, continuation) = AsyncStream.makeStream(of: Job.self)
        self.continuation = continuation
        let progress = progress
        worker = Task {
            for await job in stream {
                if let delivery = job.delivery {
                    let current = progress.state.withLock { state -> Task<Void, Never>? in
                        guard !state.stopped else { return nil }
                        let attempt = Task { _ = await deliverer.deliver(delivery) }
                        state.current = attempt
                        return attempt
                    }
                    await current?.value
                    progress.state.withLock { $0.current = nil }
                }
                job.done?()
            }
        }
    }

    /// Queues a delivery.
    func enqueue(_ delivery: WebhookDelivery) {
        continuation.yield(Job(delivery: delivery, done: nil))
    }

    /// Returns once every delivery queued before the call has been attempted to the end (or
    /// given up on by ``stop()``).
    func flush() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let result = continuation.yield(Job(delivery: nil, done: { waiter.resume() }))
            if case .terminated = result { waiter.resume() }
        }
    }

    /// Stops delivering, as a provider that shuts down does: the delivery in progress gives up
    /// its remaining attempts (its backoff sleep ends at once), what is still queued is dropped,
    /// and every ``flush()`` returns. Without it, stopping an emulator whose receiver was gone
    /// waited out every queued delivery's retries (up to minutes each), and a request waiting on
    /// them kept its server from stopping.
    func stop() {
        let current = progress.state.withLock { state in
            state.stopped = true
            return state.current
        }
        current?.cancel()
        continuation.finish()
    }
}
