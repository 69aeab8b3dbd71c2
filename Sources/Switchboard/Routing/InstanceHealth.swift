import Foundation

/// How an instance has been doing as a route: the router's memory of recent sends through it.
public struct InstanceHealth: Hashable, Sendable, Codable {
    /// Failed sends since the last success.
    public var consecutiveFailures: Int = 0
    /// Until when the instance is skipped, after a retryable failure.
    public var cooldownUntil: Date?
    /// The last failure, as text.
    public var lastError: String?
    /// The kind of the last failure.
    public var lastErrorKind: SwitchboardError.Kind?
    /// When the last failure happened.
    public var lastFailure: Date?
    /// When the last send through it started.
    public var lastUsed: Date?
    /// When the last send through it succeeded.
    public var lastSuccess: Date?

    /// A fresh, healthy record.
    public init() {}

    /// Whether the instance is cooling down at `now`.
    public func isCooling(at now: Date) -> Bool { cooldownUntil.map { $0 > now } ?? false }

    /// How long the cooldown still lasts at `now`; `nil` when not cooling.
    public func cooldownRemaining(at now: Date) -> Duration? {
        guard let until = cooldownUntil, until > now else { return nil }
        return .interval(until.timeIntervalSince(now))
    }

    mutating func recordSuccess(at now: Date) {
        consecutiveFailures = 0
        cooldownUntil = nil
        lastSuccess = now
    }

    /// Counts a failure and starts the cooldown the policy gives; returns it.
    @discardableResult
    mutating func recordFailure(_ error: SwitchboardError, at now: Date, policy: CooldownPolicy) -> Duration? {
        consecutiveFailures += 1
        lastError = error.description
        lastErrorKind = error.kind
        lastFailure = now
        guard let cooldown = policy.cooldown(after: error, consecutiveFailures: consecutiveFailures) else { return nil }
        let until = now.adding(cooldown)
        cooldownUntil = max(cooldownUntil ?? until, until)
        return cooldown
    }
}
