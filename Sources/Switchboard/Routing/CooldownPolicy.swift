/// How long an instance is skipped after a retryable failure. Separate from retrying: the
/// router does not retry a send on the same instance, it fails over or gives the error back, and
/// the ``Outbox`` decides when to try again.
///
/// - A 429 with a known wait: that wait (``SwitchboardError/retryAfter``).
/// - Any other retryable failure (5xx, upstream unavailable, transport, instance not ready, a 429
///   without a wait): ``base``, doubling with each consecutive failure, at most ``maximum``.
/// - A failure that is not retryable (401, 404, an invalid message): no cooldown.
///
/// A success resets the count.
public struct CooldownPolicy: Hashable, Sendable, Codable {
    /// The first cooldown after a success.
    public var base: Duration
    /// The longest cooldown from doubling.
    public var maximum: Duration

    /// Creates a policy; the defaults are 5 s doubling to 60 s.
    public init(base: Duration = .seconds(5), maximum: Duration = .seconds(60)) {
        self.base = base
        self.maximum = max(base, maximum)
    }

    /// The cooldown after `error`, the `consecutiveFailures`-th retryable failure in a row
    /// (counting this one); `nil` when the error does not cool the instance down.
    public func cooldown(after error: SwitchboardError, consecutiveFailures: Int) -> Duration? {
        guard error.isRetryable else { return nil }
        if error.kind == .rateLimited, let wait = error.retryAfter, wait > .zero { return wait }
        return doublingBackoff(base: base, maximum: maximum, failures: consecutiveFailures)
    }
}
