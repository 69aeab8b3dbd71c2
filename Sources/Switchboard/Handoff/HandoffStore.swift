import Foundation

/// Where handoff state is kept: the source of truth the send guard reads, with no round trip.
///
/// A chat in handoff belongs to a human: automated sends to it are refused with
/// ``SwitchboardError/Kind/handoffActive`` until it is cleared, by the API or by an operator's
/// resume keyword (see ``HandoffSettings``). State is kept per provider deployment and instance.
/// For providers with native handoff the store mirrors the provider; for the others it is the
/// only state.
public protocol HandoffStore: Sendable {
    /// The chats of an instance currently in handoff, oldest first.
    func handoffs(in scope: HandoffScope) async throws(SwitchboardError) -> [Handoff]
    /// The handoff of one chat, or `nil` when automation owns it.
    func handoff(for chat: ChatID, in scope: HandoffScope) async throws(SwitchboardError) -> Handoff?
    /// Puts a chat in handoff (keeping its first `since`), or gives it back; returns whether anything changed.
    @discardableResult
    func setHandoff(_ active: Bool, for chat: ChatID, in scope: HandoffScope, at date: Date) async throws(SwitchboardError) -> Bool
    /// Replaces an instance's handoffs with `handoffs` in one transaction (mirroring a provider's list).
    func replaceHandoffs(in scope: HandoffScope, with handoffs: [Handoff]) async throws(SwitchboardError)
    /// Gives every chat of an instance back to automation; returns how many were in handoff.
    @discardableResult
    func clearHandoffs(in scope: HandoffScope) async throws(SwitchboardError) -> Int
    /// The instance's handoff rules (empty settings when none were set).
    func settings(in scope: HandoffScope) async throws(SwitchboardError) -> HandoffSettings
    /// Replaces the instance's handoff rules.
    func setSettings(_ settings: HandoffSettings, in scope: HandoffScope) async throws(SwitchboardError)
}

/// The instance a piece of state belongs to: a configured provider name and its instance id.
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
