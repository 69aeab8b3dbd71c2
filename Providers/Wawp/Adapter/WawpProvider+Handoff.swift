import Foundation
import Switchboard

/// Handoff, provided by the library: Wawp has none, so state lives in the client's store, scoped by
/// provider name and instance, where `SwitchboardClient`'s handoff guard reads it. No request goes
/// to Wawp.
extension WawpProvider {
    /// The chats of the instance in handoff, oldest first.
    public func handoffs(_ id: String) async throws(SwitchboardError) -> [Handoff] {
        try require(.handoff)
        return try await handoffStore().handoffs(in: scope(id))
    }

    /// Tags a chat for a human (automated sends to it are then refused) or gives it back.
    public func setHandoff(_ id: String, chat: ChatID, active: Bool) async throws(SwitchboardError) {
        try require(.handoff)
        try await handoffStore().setHandoff(active, for: chat, in: scope(id), at: Date())
    }

    /// Gives every chat of the instance back to automation; returns how many there were.
    public func clearHandoffs(_ id: String) async throws(SwitchboardError) -> Int {
        try require(.handoff)
        return try await handoffStore().clearHandoffs(in: scope(id))
    }

    /// The instance's resume keywords and resume message.
    public func handoffSettings(_ id: String) async throws(SwitchboardError) -> HandoffSettings {
        try require(.handoff)
        return try await handoffStore().settings(in: scope(id))
    }

    /// Replaces the instance's resume keywords and resume message.
    ///
    /// When the client's webhook ingress sees an operator's message from the phone that starts
    /// with a resume keyword, the chat leaves handoff and the resume message, if any, is queued.
    public func setHandoffSettings(_ id: String, _ settings: HandoffSettings) async throws(SwitchboardError) {
        try require(.handoff)
        try await handoffStore().setSettings(settings, in: scope(id))
    }
}
