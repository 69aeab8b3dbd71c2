/// When the ``Outbox`` tries a message again after a failure where it surely did not go out and
/// that may pass (rate limit, every route cooling, instance not ready, connection refused).
///
/// The delay is the error's ``SwitchboardError/retryAfter`` when known, else ``base`` doubling per
/// attempt up to ``maximum``. After ``maxAttempts`` attempts the message is ``OutboxState/failed``.
public struct OutboxRetryPolicy: Hashable, Sendable, Codable {
    /// Attempts in all, the first included; at least 1.
    public var maxAttempts: Int { get { schedule.maxAttempts } set { schedule.maxAttempts = newValue } }
    /// The delay after the first failed attempt; not negative, and a longer one raises ``maximum`` to it.
    public var base: Duration { get { schedule.base } set { schedule.base = newValue } }
    /// The longest delay from doubling; at least ``base``.
    public var maximum: Duration { get { schedule.maximum } set { schedule.maximum = newValue } }

    var schedule: RetrySchedule

    /// Creates a policy; the defaults are 8 attempts, 2 s doubling to 5 minutes. Values out of
    /// bounds are brought within them (see the properties), when set or decoded too.
    public init(maxAttempts: Int = 8, base: Duration = .seconds(2), maximum: Duration = .seconds(300)) {
        schedule = RetrySchedule(maxAttempts: maxAttempts, base: base, maximum: maximum)
    }

    /// Reads `{"maxAttempts", "base", "maximum"}`, the shape the policy has always been coded in.
    public init(from decoder: any Decoder) throws { schedule = try RetrySchedule(from: decoder) }

    /// Writes `{"maxAttempts", "base", "maximum"}`.
    public func encode(to encoder: any Encoder) throws { try schedule.encode(to: encoder) }

    /// The delay before attempt `attempts + 1`, after `error`; `nil` when the message should not
    /// be tried again (not retryable, or out of attempts).
    public func delay(after error: SwitchboardError, attempts: Int) -> Duration? {
        guard error.isRetryable, error.surelyNotSent, var delay = schedule.delay(afterAttempts: attempts) else { return nil }
        if let wait = error.retryAfter, wait > delay { delay = wait }
        return delay
    }
}
