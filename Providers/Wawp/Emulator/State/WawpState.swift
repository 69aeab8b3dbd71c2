/// Everything a ``WawpEmulator`` holds, under one lock.
struct WawpState: Sendable {
    /// Instances by id, and their creation order.
    var instances: [String: WawpInstance] = [:]
    var order: [String] = []
    /// The webhook URL set by the control API (Wawp's dashboard setting).
    var webhookURL: String?
    /// The webhook signing secret.
    var webhookSecret: String?

    /// Adds an instance.
    mutating func add(_ instance: WawpInstance) {
        instances[instance.id] = instance
        order.append(instance.id)
    }

    /// Removes an instance.
    mutating func remove(_ id: String) {
        instances[id] = nil
        order.removeAll { $0 == id }
    }
}
