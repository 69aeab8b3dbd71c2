import Foundation

/// One number's pacing as of a moment: caps (after warm-up), what is used, and when the next
/// send may go (`switchboard outbox`, `switchboard routes`).
public struct PacingStatus: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The number.
    public var phone: Phone
    /// The provider it sends through, when known.
    public var provider: String?
    /// The caps in force now.
    public var caps: PacingCaps
    /// Sends in the last minute, hour and day, and new conversations in the last day.
    public var usedMinute: Int, usedHour: Int, usedDay: Int, usedNewConversations: Int
    /// The warm-up day (1 for the first), when the policy warms up and the number is in it.
    public var warmUpDay: Int?
    /// When the next reply may go, and why it waits; `nil` when it may go now.
    public var next: PacingHold?
    /// When the next new conversation may go, and why it waits; `nil` when it may go now.
    public var nextNewConversation: PacingHold?

    /// The status of `ledger` under `policy` at `now`.
    public init(ledger: PacingLedger, policy: PacingPolicy, provider: String?, at now: Date) {
        phone = ledger.phone
        self.provider = provider
        let day = ledger.warmUpDay(at: now)
        caps = policy.caps(onDay: day)
        warmUpDay = day < policy.warmUp.count ? day + 1 : nil
        usedMinute = ledger.used(within: 60, at: now)
        usedHour = ledger.used(within: 3600, at: now)
        usedDay = ledger.used(within: 86_400, at: now)
        usedNewConversations = ledger.used(within: 86_400, at: now, newOnly: true)
        next = ledger.verdict(for: false, policy: policy, at: now)
        nextNewConversation = ledger.verdict(for: true, policy: policy, at: now)
    }

    /// `+447700900123 (wasup): 3/8 per minute, 40/200 per hour, 120/1000 per day, 10/100 new per day; next send now`.
    public var description: String {
        func cap(_ used: Int, _ cap: Int?) -> String { "\(used)/\(cap.map(String.init) ?? "∞")" }
        var text = phone.e164 + (provider.map { " (\($0))" } ?? "") + ": "
        text += "\(cap(usedMinute, caps.perMinute)) per minute, \(cap(usedHour, caps.perHour)) per hour, "
        text += "\(cap(usedDay, caps.perDay)) per day, \(cap(usedNewConversations, caps.newConversationsPerDay)) new per day"
        if let warmUpDay { text += ", warm-up day \(warmUpDay)" }
        text += "; next send " + (next.map { "\($0.until.formatted(.iso8601)) (\($0.reason))" } ?? "now")
        if let hold = nextNewConversation, hold.newConversationsOnly {
            text += "; new conversations \(hold.until.formatted(.iso8601)) (\(hold.reason))"
        }
        return text
    }
}
