import Foundation
import Switchboard

/// Handoff, provided by the library: Wawp has none, so state lives in the adapter's
/// ``HandoffStore``, scoped by provider name and instance. No request goes to Wawp.
extension WawpProvider {
    /// The chats of the instance in handoff, oldest first.
    public func handoffs(_ id: String) async throws(SwitchboardError) -> [Handoff] {
        try require(.handoff)
        return try handoffStore.handoffs(in: scope(id))
    }

    /// Tags a chat for a human (automated sends to it are then refused) or gives it back.
    public func setHandoff(_ id: String, chat: ChatID, active: Bool) async throws(SwitchboardError) {
        try require(.handoff)
        try handoffStore.setHandoff(active, for: chat, in: scope(id), at: Date())
    }

    /// Gives every chat of the instance back to automation; returns how many there were.
    public func clearHandoffs(_ id: String) async throws(SwitchboardError) -> Int {
        try require(.handoff)
        return try handoffStore.clearHandoffs(in: scope(id))
    }

    /// The instance's resume keywords and resume message.
    public func handoffSettings(_ id: String) async throws(SwitchboardError) -> HandoffSettings {
        try require(.handoff)
        return try handoffStore.settings(in: scope(id))
    }

    /// Replaces the instance's resume keywords and resume message.
    ///
    /// When ``decodeWebhook(_:)`` sees an operator's message from the phone that starts with a
    /// resume keyword, the chat leaves handoff and the resume message, if any, is sent to it.
    public func setHandoffSettings(_ id: String, _ settings: HandoffSettings) async throws(SwitchboardError) {
        try require(.handoff)
        try handoffStore.setSettings(settings, in: scope(id))
    }
}
