import Switchboard

extension WasupProvider {
    /// `POST /api/instances` with `id`, `name` and `webhookUrl`.
    ///
    /// The webhook URL carries the instance's token, which needs the instance id: with a custom id
    /// it goes out in the create request; without one, the instance is created first and the
    /// webhook set right after (`PUT .../webhook`).
    public func createInstance(_ draft: InstanceDraft) async throws(SwitchboardError) -> Instance {
        try capabilities.require(.instancesCreate)
        var body = WasupObject()
        body["id"] = draft.id
        body["name"] = draft.name
        let deferredWebhook: String?
        if let url = draft.webhookURL, let id = draft.id {
            body["webhookUrl"] = webhookURL(url, instance: id)
            deferredWebhook = nil
        } else if webhookToken == nil {
            body["webhookUrl"] = draft.webhookURL
            deferredWebhook = nil
        } else {
            deferredWebhook = draft.webhookURL
        }
        var instance = try requireInstance(try await client.call(.post, "/api/instances", body: body.json), "create instance")
        if let deferredWebhook {
            try await putWebhook(instance.id, url: deferredWebhook)
            instance.webhookURL = deferredWebhook
        }
        return instance
    }

    /// `GET /api/instances`.
    public func listInstances() async throws(SwitchboardError) -> [Instance] {
        try capabilities.require(.instancesList)
        let reply = try await client.call(.get, "/api/instances")
        guard let items = reply.json?["instances"]?.array else { throw invalid("list instances answered without `instances`") }
        return items.compactMap(instanceValue)
    }

    /// `GET /api/instances/{id}`.
    public func instance(_ id: String) async throws(SwitchboardError) -> Instance {
        try requireInstance(try await client.call(.get, WasupClient.instancePath(id)), "get instance")
    }

    /// `PUT /api/instances/{id}` with `name` and `webhookUrl` (carrying the instance's token).
    public func updateInstance(_ id: String, _ update: InstanceUpdate) async throws(SwitchboardError) -> Instance {
        try capabilities.require(.instancesUpdate)
        var body = WasupObject()
        body["name"] = update.name
        body["webhookUrl"] = update.webhookURL.map { webhookURL($0, instance: id) }
        return try requireInstance(try await client.call(.put, WasupClient.instancePath(id), body: body.json), "update instance")
    }

    /// `DELETE /api/instances/{id}`.
    public func deleteInstance(_ id: String) async throws(SwitchboardError) {
        try capabilities.require(.instancesDelete)
        _ = try await client.call(.delete, WasupClient.instancePath(id))
    }
}
