import Switchboard

/// Wasup's connection words in the neutral five.
///
/// The spec names three statuses (`disconnected`, `connecting`, `connected`); `connecting` splits
/// into `InstanceStatus/pairing` when a QR or pairing code is on offer and
/// `InstanceStatus/starting` otherwise. Words outside the spec are read by meaning so that a newer
/// deployment degrades gracefully rather than failing every status call.
enum WasupStatus {
    static func map(_ word: String?, hasCode: Bool = false) -> InstanceStatus {
        let lower = (word ?? "").lowercased().trimmingCharacters(in: .whitespaces)
        switch lower {
        case "connected", "open", "online", "ready", "authenticated", "working":
            return .connected
        case "connecting", "starting", "initializing", "opening", "reconnecting", "syncing":
            return hasCode ? .pairing : .starting
        case "qr", "pairing", "scan_qr", "scan_qr_code", "waiting_qr", "waiting_for_qr", "qr_ready":
            return .pairing
        case "disconnected", "close", "closed", "offline", "stopped", "idle", "":
            return hasCode ? .pairing : .disconnected
        default:
            let failed = ["fail", "error", "ban", "logged_out", "logout", "conflict", "replaced", "expired"]
            return failed.contains { lower.contains($0) } ? .failed : .disconnected
        }
    }
}

extension WasupProvider {
    /// An `Instance` schema object in neutral form; `nil` without an id.
    func instanceValue(_ json: WasupJSON?) -> Instance? {
        guard let json, let id = json["id"]?.nonEmptyString else { return nil }
        let hasCode = json["qrCode"]?.nonEmptyString != nil || json["pairingCode"]?.nonEmptyString != nil
        let status = WasupStatus.map(json["status"]?.string, hasCode: hasCode)
        return Instance(provider: name, id: id, name: json["name"]?.nonEmptyString, status: status,
                        phone: phone(json.first("connectedPhone", "phone")),
                        webhookURL: json["webhookUrl"]?.nonEmptyString.map(WasupWebhookToken.strip))
    }

    /// The `instance` field of an answer, or `SwitchboardError/Kind/invalidResponse`.
    func requireInstance(_ reply: WasupClient.Reply, _ operation: String) throws(SwitchboardError) -> Instance {
        guard let instance = instanceValue(reply.json?["instance"]) else {
            throw invalid("\(operation) answered without an instance id")
        }
        return instance
    }

    /// A phone field, tolerating JIDs and device suffixes; `nil` when absent or unreadable.
    func phone(_ value: WasupJSON?) -> Phone? {
        value?.nonEmptyString.flatMap { try? Phone($0) }
    }

    /// `SwitchboardError/Kind/invalidResponse` from this provider.
    func invalid(_ message: String, status: Int = 200) -> SwitchboardError {
        SwitchboardError.invalidResponse(message).from(provider: name, httpStatus: status)
    }
}
