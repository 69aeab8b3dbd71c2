/// When the ``Outbox`` tries a message again after a failure where it surely did not go out and
/// that may pass (rate limit, every route cooling, instance not ready, connection refused).
///
/// The delay is the error's ``SwitchboardError/retryAfter`` when known, else ``base`` doubling per
/// attempt up to ``maximum``. After ``maxAttempts`` attempts the message is ``OutboxState/failed``.
public struct OutboxRetryPolicy: Hashable, Sendable, Codable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The delay after the first failed attempt.
    public var base: Duration
    /// The longest delay from doubling.
    public var maximum: Duration

    /// Creates a policy; the defaults are 8 attempts, 2 s doubling to 5 minutes.
    public init(maxAttempts: Int = 8, base: Duration = .seconds(2), maximum: Duration = .seconds(300)) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.maximum = max(base, maximum)
    }

    /// The delay before attempt `attempts + 1`, after `error`; `nil` when the message should not
    /// be tried again (not retryable, or out of attempts).
    public func delay(after error: SwitchboardError, attempts: Int) -> Duration? {
        guard error.isRetryable, error.surelyNotSent, attempts < maxAttempts else { return nil }
        var delay = doublingBackoff(base: base, maximum: maximum, failures: attempts)
        if let wait = error.retryAfter, wait > delay { delay = wait }
        return delay
    }
}
