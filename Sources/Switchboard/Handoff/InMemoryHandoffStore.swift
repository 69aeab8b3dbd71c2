import Foundation
import Synchronization

/// A ``HandoffStore`` in memory: state lives as long as the store and is shared by everyone who
/// holds it, behind one lock. For tests and single-process deployments that may forget handoffs on
/// restart.
public final class InMemoryHandoffStore: HandoffStore {
    private struct State {
        var handoffs: [HandoffScope: [ChatID: Handoff]] = [:]
        var settings: [HandoffScope: HandoffSettings] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    /// The chats in handoff, oldest first (chats without a date last, by JID).
    public func handoffs(in scope: HandoffScope) throws(SwitchboardError) -> [Handoff] {
        let entries = state.withLock { Array(($0.handoffs[scope] ?? [:]).values) }
        return entries.sorted { lhs, rhs in
            switch (lhs.since, rhs.since) {
            case let (left?, right?) where left != right: left < right
            case (.some, nil): true
            case (nil, .some): false
            default: lhs.chat.jid < rhs.chat.jid
            }
        }
    }

    /// The chat's handoff, if any.
    public func handoff(for chat: ChatID, in scope: HandoffScope) throws(SwitchboardError) -> Handoff? {
        state.withLock { $0.handoffs[scope]?[chat] }
    }

    /// Tags or untags a chat; a chat already in handoff keeps its `since`.
    @discardableResult
    public func setHandoff(_ active: Bool, for chat: ChatID, in scope: HandoffScope, at date: Date) throws(SwitchboardError) -> Bool {
        state.withLock { state in
            if active {
                guard state.handoffs[scope]?[chat] == nil else { return false }
                state.handoffs[scope, default: [:]][chat] = Handoff(chat: chat, since: date)
                return true
            }
            return state.handoffs[scope]?.removeValue(forKey: chat) != nil
        }
    }

    /// Clears every chat of the instance.
    public func clearHandoffs(in scope: HandoffScope) throws(SwitchboardError) -> Int {
        state.withLock { $0.handoffs.removeValue(forKey: scope)?.count ?? 0 }
    }

    /// The instance's settings, or empty ones.
    public func settings(in scope: HandoffScope) throws(SwitchboardError) -> HandoffSettings {
        state.withLock { $0.settings[scope] ?? HandoffSettings() }
    }

    /// Replaces the instance's settings.
    public func setSettings(_ settings: HandoffSettings, in scope: HandoffScope) throws(SwitchboardError) {
        state.withLock { $0.settings[scope] = settings }
    }
}
