import Foundation
import Synchronization

/// Where the router and the outbox read the time: the system clock, or a hand-moved clock in tests,
/// so that cooldowns and retry delays can be tested without waiting.
public protocol TimeSource: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system clock.
public struct SystemTimeSource: TimeSource {
    /// Creates the system clock.
    public init() {}
    /// `Date()`.
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to: for deterministic tests of cooldowns and retries.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Date>

    /// A clock standing at `start`.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    /// The time it stands at.
    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.adding(duration) }
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    /// A duration from seconds (negative values become zero).
    static func interval(_ seconds: TimeInterval) -> Duration {
        .nanoseconds(Int64((max(0, seconds) * 1e9).rounded()))
    }
}

extension Date {
    /// The date `duration` later.
    func adding(_ duration: Duration) -> Date { addingTimeInterval(duration.timeInterval) }
}
