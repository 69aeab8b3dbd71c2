import Switchboard

extension WawpProvider {
    /// `POST /v2/session/create` → `{instance_id, session_name, status, …}` (201).
    ///
    /// Wawp picks the id and keeps names and webhooks in its dashboard: a draft with an `id` is
    /// `SwitchboardError/Kind/invalidRequest` and one with a `webhookURL` is
    /// `SwitchboardError/Kind/unsupported`, both before any request; a `name` is not sent (the
    /// instance is named by Wawp's `session_name`). The new instance joins ``knownInstances``.
    public func createInstance(_ draft: InstanceDraft) async throws(SwitchboardError) -> Instance {
        try require(.instancesCreate)
        if draft.id != nil {
            throw SwitchboardError.invalidRequest("Wawp assigns instance ids; a draft cannot choose one").from(provider: name)
        }
        if draft.webhookURL != nil {
            throw SwitchboardError.unsupported(.webhookSet, "Wawp sets webhooks in its dashboard, not through the API").from(provider: name)
        }
        let reply = try await client.call(.post, "/v2/session/create", instance: nil)
        guard let json = reply.json, let id = json.first("instance_id", "instanceId", "id")?.nonEmptyString else {
            throw client.unreadable(reply, "/v2/session/create", expected: "`instance_id`")
        }
        let session = json.first("session_name", "name")?.nonEmptyString
        await learn(id, session: session)
        return Instance(provider: name, id: id, name: session,
                        status: json["status"]?.string.flatMap(WawpStatus.status) ?? .disconnected,
                        phone: WawpStatus.phone(fromMe: json["me"]))
    }

    /// Every known instance (given at init, created here, or kept under this provider's name in the
    /// instance store), each with its current info, in the order they became known. Instances Wawp
    /// no longer has (404) are left out and forgotten.
    public func listInstances() async throws(SwitchboardError) -> [Instance] {
        try require(.instancesList)
        if let store {
            for stored in try await store.instances() where stored.instance.provider == name { known.add(stored.instance.id) }
        }
        var instances: [Instance] = []
        for id in known.ids {
            do {
                instances.append(try await instance(id))
            } catch where error.kind == .notFound {
                known.remove(id)
            }
        }
        return instances
    }

    /// `POST /v2/session/info` → `{name, status, me: {id, pushName}, …}`; the phone from `me.id`.
    public func instance(_ id: String) async throws(SwitchboardError) -> Instance {
        let info = try await sessionInfo(id)
        return Instance(provider: name, id: id, name: info.session, status: info.status, phone: info.phone)
    }

    /// Unsupported: Wawp keeps instance names and webhooks in its dashboard.
    public func updateInstance(_ id: String, _ update: InstanceUpdate) async throws(SwitchboardError) -> Instance {
        try require(.instancesUpdate)
        return try await instance(id)
    }

    /// `DELETE /v2/session/delete`; the instance is forgotten.
    public func deleteInstance(_ id: String) async throws(SwitchboardError) {
        try require(.instancesDelete)
        _ = try await client.call(.delete, "/v2/session/delete", instance: id)
        known.remove(id)
    }

    /// The instance ids this adapter knows, in the order it learned them.
    public var knownInstances: [String] { known.ids }

    /// What `/v2/session/info` says of a session.
    struct SessionInfo: Sendable {
        var status: InstanceStatus
        var phone: Phone?
        var session: String?
        var qr: String?
    }

    /// `POST /v2/session/info`, read: the status (at the top level or in a `session`/`data` wrapper),
    /// the phone from `me.id`, the session name, and the QR value where it is included.
    func sessionInfo(_ id: String) async throws(SwitchboardError) -> SessionInfo {
        let reply = try await client.call(.post, "/v2/session/info", instance: id)
        guard let root = reply.json else { throw client.unreadable(reply, "/v2/session/info", expected: "a session") }
        let json = [root, root["session"], root["data"], root["instance"]].compactMap { $0 }
            .first { $0["status"]?.string != nil } ?? root
        guard let statusText = json["status"]?.string else {
            throw client.unreadable(reply, "/v2/session/info", expected: "`status`")
        }
        guard let status = WawpStatus.status(statusText) else {
            throw invalid("/v2/session/info answered an unknown status \"\(statusText.prefix(40))\"", status: reply.status)
        }
        let session = json.first("session_name", "name")?.nonEmptyString
        await learn(id, session: session)
        return SessionInfo(status: status, phone: WawpStatus.phone(fromMe: json["me"] ?? root["me"]),
                           session: session, qr: json["qr"]?.nonEmptyString)
    }
}
