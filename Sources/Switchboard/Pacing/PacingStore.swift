import Foundation

/// Where pacing keeps each number's ledger and which contacts have written to it, so that
/// restarts and replicas sharing the store pace the same way.
public protocol PacingStore: Sendable {
    /// Reads `phone`'s ledger (empty when it has none), lets `body` change it and writes it back,
    /// in one transaction that excludes every other update of that number's ledger (several
    /// dispatchers never both take the last slot under a cap); returns what `body` returns.
    func updatePacingLedger<T: Sendable>(for phone: Phone, _ body: @escaping @Sendable (inout PacingLedger) -> T) async throws(SwitchboardError) -> T
    /// Every number's ledger, by phone.
    func pacingLedgers() async throws(SwitchboardError) -> [PacingLedger]
    /// Notes that the contact of `chat` (its JID) wrote to `phone`: later sends to it are replies.
    func recordConversationReply(phone: Phone, chat: String, at date: Date) async throws(SwitchboardError)
    /// Whether the contact of `chat` ever wrote to `phone`.
    func hasConversationReply(phone: Phone, chat: String) async throws(SwitchboardError) -> Bool
    /// Moves every queued outbox entry from `phone` due before `until` to `until` (their order
    /// kept); returns how many moved.
    func deferOutbox(from phone: Phone, until: Date) async throws(SwitchboardError) -> Int
}
