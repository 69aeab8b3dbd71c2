import Foundation

/// What phone number stands behind a LID (WhatsApp's linked identity, `123456789012345@lid`),
/// learned from webhooks or lookups so that it need not be asked again.
public protocol LIDStore: Sendable {
    /// Remembers that `lid` is `phone`, replacing what was known about `lid`.
    /// Throws ``SwitchboardError/Kind/invalidRequest`` when `lid` is not a LID chat.
    func rememberLID(_ lid: ChatID, phone: Phone, at date: Date) async throws(SwitchboardError)
    /// The phone behind `lid`, when known.
    func phone(forLID lid: ChatID) async throws(SwitchboardError) -> Phone?
    /// The LID known for `phone` (the latest remembered), when known.
    func lid(forPhone phone: Phone) async throws(SwitchboardError) -> ChatID?
}
