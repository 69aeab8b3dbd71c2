/// How often, and how far apart, something that failed is tried again: at most `maxAttempts`
/// attempts in all, `base` after the first failure, doubled after each further one up to
/// `maximum`. `InboxRetryPolicy` and `OutboxRetryPolicy` each hold one under their own public
/// names, and a third queue can hold one too.
///
/// The bounds hold however a schedule is made, set or decoded: at least one attempt, a base that
/// is not negative, and a maximum no shorter than the base.
package struct RetrySchedule: Hashable, Sendable, Codable {
    /// Attempts in all, the first included; at least 1.
    package var maxAttempts: Int { didSet { maxAttempts = Swift.max(1, maxAttempts) } }
    /// The wait after the first failure; not negative. A longer base raises `maximum` to it.
    package var base: Duration {
        didSet {
            base = Swift.max(.zero, base)
            maximum = Swift.max(base, maximum)
        }
    }
    /// The longest wait from doubling; at least `base`.
    package var maximum: Duration { didSet { maximum = Swift.max(base, maximum) } }

    /// Creates a schedule within the bounds above.
    package init(maxAttempts: Int, base: Duration, maximum: Duration) {
        self.maxAttempts = Swift.max(1, maxAttempts)
        self.base = Swift.max(.zero, base)
        self.maximum = Swift.max(self.base, maximum)
    }

    private enum CodingKeys: String, CodingKey { case maxAttempts, base, maximum }

    /// Reads `{"maxAttempts", "base", "maximum"}`, within the bounds above.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(maxAttempts: try container.decode(Int.self, forKey: .maxAttempts),
                  base: try container.decode(Duration.self, forKey: .base),
                  maximum: try container.decode(Duration.self, forKey: .maximum))
    }

    /// The wait before attempt `attempts + 1`, or `nil` once `maxAttempts` attempts were made.
    package func delay(afterAttempts attempts: Int) -> Duration? {
        guard attempts < maxAttempts else { return nil }
        return doublingBackoff(base: base, maximum: maximum, failures: attempts)
    }
}
