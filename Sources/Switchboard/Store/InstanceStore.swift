import Foundation

/// Where the routing table is kept: the instances each provider had, as last seen.
public protocol InstanceStore: Sendable {
    /// Every stored instance, by provider name, then in the order they were saved.
    func instances() async throws(SwitchboardError) -> [StoredInstance]
    /// Inserts or updates one instance (keyed by provider name and id).
    func saveInstance(_ instance: Instance, at date: Date) async throws(SwitchboardError)
    /// Replaces everything stored for `provider` with `instances`, in one transaction: instances the
    /// provider no longer lists are removed.
    func replaceInstances(of provider: String, with instances: [Instance], at date: Date) async throws(SwitchboardError)
    /// Forgets one instance (after it was deleted); whether it was known.
    @discardableResult
    func removeInstance(provider: String, id: String) async throws(SwitchboardError) -> Bool
}

/// An instance as the store last saw it.
public struct StoredInstance: Hashable, Sendable, Codable {
    /// The instance (provider name, id, name, status, phone).
    public var instance: Instance
    /// When it was last saved.
    public var updated: Date

    /// Creates a stored instance.
    public init(instance: Instance, updated: Date) {
        self.instance = instance
        self.updated = updated
    }
}
