import Foundation

/// Everything a Wasup emulator holds; guarded by one mutex.
struct WasupState: Sendable {
    var instances: [String: WasupInstance] = [:]
    /// Instance ids in creation order.
    var order: [String] = []
    /// The deployment-wide default webhook (the `WEBHOOK_URL` of a real deployment).
    var defaultWebhookURL: String?
    /// Uploaded media by blob name.
    var uploads: [String: (data: Data, mimeType: String)] = [:]
    let startedAt = Date()

    init(defaultWebhookURL: String?) {
        self.defaultWebhookURL = defaultWebhookURL
    }

    var orderedInstances: [WasupInstance] { order.compactMap { instances[$0] } }

    mutating func insert(_ instance: WasupInstance) {
        if instances[instance.id] == nil { order.append(instance.id) }
        instances[instance.id] = instance
    }

    mutating func remove(_ id: String) {
        instances[id] = nil
        order.removeAll { $0 == id }
    }

    /// The instance's own webhook, else the global default.
    func effectiveWebhook(for instance: WasupInstance) -> String? {
        if let own = instance.webhookUrl, !own.isEmpty { return own }
        return defaultWebhookURL
    }

    /// The connected instance whose phone is `fromPhone`, or the first connected one when nil.
    func connectedInstance(fromPhone: String?) -> WasupInstance? {
        orderedInstances.first { $0.status == .connected && (fromPhone == nil || $0.connectedPhone == fromPhone) }
    }
}
