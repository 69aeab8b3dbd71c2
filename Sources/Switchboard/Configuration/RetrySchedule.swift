/// How often, and how far apart, something that failed is tried again: at most `maxAttempts`
/// attempts in all, `base` after the first failure, doubled after each further one up to
/// `maximum`. `InboxRetryPolicy` and `OutboxRetryPolicy` each hold one under their own public
/// names, and a third queue can hold one too.
package struct RetrySchedule: Hashable, Sendable, Codable {
    /// Attempts in all, the first included.
    package var maxAttempts: Int
    /// The wait after the first failure.
    package var base: Duration
    /// The longest wait from doubling.
    package var maximum: Duration

    /// Creates a schedule; `maxAttempts` is at least 1.
    package init(maxAttempts: Int, base: Duration, maximum: Duration) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.maximum = maximum
    }

    /// The wait before attempt `attempts + 1`, or `nil` once `maxAttempts` attempts were made.
    package func delay(afterAttempts attempts: Int) -> Duration? {
        guard attempts < maxAttempts else { return nil }
        return doublingBackoff(base: base, maximum: maximum, failures: attempts)
    }
}
