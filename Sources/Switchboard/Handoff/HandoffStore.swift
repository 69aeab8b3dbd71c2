import Foundation

/// Where the library keeps handoff state for providers that have no handoff of their own.
///
/// A chat in handoff belongs to a human: the adapter refuses automated sends to it with
/// ``SwitchboardError/Kind/handoffActive`` until it is cleared, by the API or by an operator's
/// resume keyword (see ``HandoffSettings``). State is kept per provider deployment and instance.
///
/// The methods are synchronous so that webhook decoding, which is synchronous, can apply resume
/// keywords; an implementation over a database does short local writes. ``InMemoryHandoffStore``
/// is the in-process implementation.
public protocol HandoffStore: Sendable {
    /// The chats of an instance currently in handoff, oldest first.
    func handoffs(in scope: HandoffScope) throws(SwitchboardError) -> [Handoff]
    /// The handoff of one chat, or `nil` when automation owns it.
    func handoff(for chat: ChatID, in scope: HandoffScope) throws(SwitchboardError) -> Handoff?
    /// Puts a chat in handoff (keeping its first `since`), or gives it back; returns whether anything changed.
    @discardableResult
    func setHandoff(_ active: Bool, for chat: ChatID, in scope: HandoffScope, at date: Date) throws(SwitchboardError) -> Bool
    /// Gives every chat of an instance back to automation; returns how many were in handoff.
    func clearHandoffs(in scope: HandoffScope) throws(SwitchboardError) -> Int
    /// The instance's handoff rules (empty settings when none were set).
    func settings(in scope: HandoffScope) throws(SwitchboardError) -> HandoffSettings
    /// Replaces the instance's handoff rules.
    func setSettings(_ settings: HandoffSettings, in scope: HandoffScope) throws(SwitchboardError)
}

/// The instance a piece of handoff state belongs to: a configured provider name and its instance id.
public struct HandoffScope: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The configured provider name (`wawp-main`).
    public var provider: String
    /// The provider's instance id.
    public var instance: String

    /// Creates a scope.
    public init(provider: String, instance: String) {
        self.provider = provider
        self.instance = instance
    }

    /// `wawp-main/3EB0BCB2E3D4`.
    public var description: String { "\(provider)/\(instance)" }
}
