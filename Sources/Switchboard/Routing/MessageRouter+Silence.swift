import Foundation

extension MessageRouter {
    /// Sets an instance `failed` because a silence probe failed, and keeps it failed through
    /// refreshes (its provider may still list it as connected) until an event comes from it
    /// (``apply(_:)``), its status is set explicitly, or ``releaseSilence(provider:instance:)``.
    /// Returns `false` when `provider` is not configured.
    @discardableResult
    public func markSilent(provider: String, instance id: String) async -> Bool {
        let now = clock.now()
        let merged = table.withLock { table -> Instance? in
            guard let merged = table.upsert(Instance(provider: provider, id: id, status: .failed), at: now) else { return nil }
            table.silenced.insert(RouteID(provider: provider, instance: id))
            return merged
        }
        guard let merged else { return false }
        await persistSaved(merged, at: now)
        return true
    }

    /// Whether a failed silence probe holds the instance `failed`.
    public func isSilenced(provider: String, instance id: String) -> Bool {
        table.withLock { $0.silenced.contains(RouteID(provider: provider, instance: id)) }
    }

    /// Ends the hold of ``markSilent(provider:instance:)``: the instance is `connected` again (an
    /// event came from it, or a probe succeeded). Returns whether it was held.
    @discardableResult
    public func releaseSilence(provider: String, instance id: String) async -> Bool {
        let key = RouteID(provider: provider, instance: id)
        guard table.withLock({ $0.silenced.contains(key) }) else { return false }
        return await update(Instance(provider: provider, id: id, status: .connected))
    }
}
