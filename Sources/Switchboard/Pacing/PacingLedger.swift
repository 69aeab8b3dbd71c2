import Foundation

/// What one sending number has done, as pacing counts it: kept in the store (``PacingStore``), so
/// that restarts and replicas sharing the store agree. Sends older than a day are dropped.
public struct PacingLedger: Hashable, Sendable, Codable {
    /// One send (or a reservation for one in flight).
    public struct Send: Hashable, Sendable, Codable {
        /// When it went.
        public var at: Date
        /// Whether it opened a new conversation (the contact never wrote to the number).
        public var newConversation: Bool
    }

    /// The number.
    public var phone: Phone
    /// Its first paced send: day 1 of its warm-up.
    public var firstSendAt: Date?
    /// Its sends of the last day, oldest first.
    public var sends: [Send] = []
    /// No send before this (the random gap after the last send).
    public var nextSendAt: Date?
    /// Paused by a provider's refusal until then.
    public var pausedUntil: Date?
    /// Why it is paused.
    public var pauseReason: String?
    /// New conversations held until then (WhatsApp's reach-out timelock or message cap).
    public var newConversationsHeldUntil: Date?
    /// Why new conversations are held.
    public var holdReason: String?

    /// An empty ledger.
    public init(phone: Phone) { self.phone = phone }

    /// The day of the warm-up `now` falls on (0 = the first).
    public func warmUpDay(at now: Date) -> Int {
        guard let first = firstSendAt else { return 0 }
        return max(0, Int(now.timeIntervalSince(first) / 86_400))
    }

    /// How many sends fall in the `seconds` before `now` (new conversations only, when asked).
    public func used(within seconds: TimeInterval, at now: Date, newOnly: Bool = false) -> Int {
        sends.lazy.filter { now.timeIntervalSince($0.at) < seconds && (!newOnly || $0.newConversation) }.count
    }

    /// When a send to a new conversation (or not) may go, under `policy`; `nil` means now.
    public func verdict(for newConversation: Bool, policy: PacingPolicy, at now: Date) -> PacingHold? {
        var holds: [PacingHold] = []
        if let until = pausedUntil, until > now {
            holds.append(PacingHold(until: until, reason: pauseReason ?? "paused by the provider", newConversationsOnly: false))
        }
        if let until = nextSendAt, until > now {
            holds.append(PacingHold(until: until, reason: "random gap between sends", newConversationsOnly: false))
        }
        let caps = policy.caps(onDay: warmUpDay(at: now))
        let day = warmUpDay(at: now) + 1
        let warm = day <= policy.warmUp.count ? " (warm-up day \(day))" : ""
        for (cap, seconds, name) in [(caps.perMinute, 60.0, "minute"), (caps.perHour, 3600, "hour"), (caps.perDay, 86_400, "day")] {
            if let cap, let until = freeAt(cap: cap, within: seconds, at: now, newOnly: false) {
                holds.append(PacingHold(until: until, reason: "\(cap) per \(name) reached\(warm)", newConversationsOnly: false))
            }
        }
        if let longest = holds.max(by: { $0.until < $1.until }) { return longest }
        guard newConversation else { return nil }
        if let until = newConversationsHeldUntil, until > now {
            return PacingHold(until: until, reason: holdReason ?? "new conversations held", newConversationsOnly: true)
        }
        if let cap = caps.newConversationsPerDay, let until = freeAt(cap: cap, within: 86_400, at: now, newOnly: true) {
            return PacingHold(until: until, reason: "\(cap) new conversations per day reached\(warm)", newConversationsOnly: true)
        }
        return nil
    }

    /// When the window will hold fewer than `cap` sends again; `nil` when it does now.
    func freeAt(cap: Int, within seconds: TimeInterval, at now: Date, newOnly: Bool) -> Date? {
        let inWindow = sends.filter { now.timeIntervalSince($0.at) < seconds && (!newOnly || $0.newConversation) }.map(\.at).sorted()
        guard inWindow.count >= cap else { return nil }
        return inWindow[inWindow.count - cap].addingTimeInterval(seconds)
    }

    /// Counts a send at `now` and starts the gap before the next.
    public mutating func record(newConversation: Bool, at now: Date, gap: Duration) {
        prune(at: now)
        if firstSendAt == nil { firstSendAt = now }
        sends.append(Send(at: now, newConversation: newConversation))
        nextSendAt = gap > .zero ? now.adding(gap) : nil
    }

    /// Uncounts the send recorded at `at`, which did not go out.
    public mutating func release(at date: Date) {
        if let index = sends.lastIndex(where: { abs($0.at.timeIntervalSince(date)) < 0.000_001 }) { sends.remove(at: index) }
    }

    /// Drops sends older than a day, and holds that have passed.
    public mutating func prune(at now: Date) {
        sends.removeAll { now.timeIntervalSince($0.at) >= 86_400 }
        if let until = pausedUntil, until <= now { pausedUntil = nil; pauseReason = nil }
        if let until = newConversationsHeldUntil, until <= now { newConversationsHeldUntil = nil; holdReason = nil }
    }
}

/// Why, and until when, a number may not send a message now.
public struct PacingHold: Hashable, Sendable, Codable, CustomStringConvertible {
    /// When it may go.
    public var until: Date
    /// Why it waits.
    public var reason: String
    /// Whether only new conversations wait (replies in existing chats may go).
    public var newConversationsOnly: Bool

    /// Creates a hold.
    public init(until: Date, reason: String, newConversationsOnly: Bool) {
        self.until = until
        self.reason = reason
        self.newConversationsOnly = newConversationsOnly
    }

    /// `until 2026-11-29T10:00:00Z: 8 per minute reached`.
    public var description: String { "until \(until.formatted(.iso8601)): \(reason)" }
}
