import EmulatorKit

/// Delivers webhooks one at a time, in the order they were queued, on a task of its own, so API
/// answers never wait for a receiver. ``flush()`` waits until everything queued so far is done.
final class WebhookQueue: Sendable {
    private struct Job: Sendable {
        let delivery: WebhookDelivery?
        let done: (@Sendable () -> Void)?
    }

    private let continuation: AsyncStream<Job>.Continuation
    private let worker: Task<Void, Never>

    /// Starts the queue's task.
    init(deliverer: WebhookDeliverer) {
        let (stream, continuation) = AsyncStream.makeStream(of: Job.self)
        self.continuation = continuation
        worker = Task {
            for await job in stream {
                if let delivery = job.delivery { await deliverer.deliver(delivery) }
                job.done?()
            }
        }
    }

    /// Queues a delivery.
    func enqueue(_ delivery: WebhookDelivery) {
        continuation.yield(Job(delivery: delivery, done: nil))
    }

    /// Returns once every delivery queued before the call has been attempted to the end.
    func flush() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let result = continuation.yield(Job(delivery: nil, done: { waiter.resume() }))
            if case .terminated = result { waiter.resume() }
        }
    }

    /// Stops taking deliveries; what is queued is still delivered.
    func close() {
        continuation.finish()
    }
}
