import Foundation

/// When a handler that threw gets the event again, and when the inbox gives up and parks it as
/// ``InboxState/failed``.
public struct InboxRetryPolicy: Hashable, Sendable {
    /// How many times the handler gets an event before it is parked; at least 1.
    public var maxAttempts: Int { get { schedule.maxAttempts } set { schedule.maxAttempts = newValue } }
    /// The wait after the first failure, doubled after each further one; not negative, and a
    /// longer one raises ``maxDelay`` to it.
    public var initialDelay: Duration { get { schedule.base } set { schedule.base = newValue } }
    /// The longest wait; at least ``initialDelay``.
    public var maxDelay: Duration { get { schedule.maximum } set { schedule.maximum = newValue } }

    var schedule: RetrySchedule

    /// Creates a policy (defaults: 5 attempts, 1 s doubling up to 5 minutes). Values out of bounds
    /// are brought within them (see the properties), when set too.
    public init(maxAttempts: Int = 5, initialDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300)) {
        schedule = RetrySchedule(maxAttempts: maxAttempts, base: initialDelay, maximum: maxDelay)
    }

    /// The wait before attempt `attempts + 1`, or `nil` when the event is to be parked.
    public func delay(afterAttempts attempts: Int) -> Duration? { schedule.delay(afterAttempts: attempts) }
}
