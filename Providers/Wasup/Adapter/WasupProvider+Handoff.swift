import Switchboard

extension WasupProvider {
    /// `GET .../handoff` → `chats [{chatId, since}]`.
    public func handoffs(_ id: String) async throws(SwitchboardError) -> [Handoff] {
        try capabilities.require(.handoff)
        let reply = try await client.call(.get, WasupClient.instancePath(id, "/handoff"))
        guard let chats = reply.json?["chats"]?.array else { throw invalid("handoff list answered without `chats`") }
        return chats.compactMap { entry in
            guard let text = (entry.first("chatId", "phone") ?? entry)?.nonEmptyString, let chat = try? ChatID(text) else { return nil }
            return Handoff(chat: chat, since: WasupDate.parse(entry["since"]))
        }
    }

    /// `POST .../handoff` with `phone` (digits for a person, else the JID) and `active`.
    public func setHandoff(_ id: String, chat: ChatID, active: Bool) async throws(SwitchboardError) {
        try capabilities.require(.handoff)
        let body: WasupJSON = ["phone": .string(WasupSendBody.recipient(chat)), "active": .bool(active)]
        _ = try await client.call(.post, WasupClient.instancePath(id, "/handoff"), body: body)
    }

    /// `DELETE .../handoff` → `cleared`.
    public func clearHandoffs(_ id: String) async throws(SwitchboardError) -> Int {
        try capabilities.require(.handoff)
        let reply = try await client.call(.delete, WasupClient.instancePath(id, "/handoff"))
        return reply.json?["cleared"]?.int ?? 0
    }

    /// `GET .../handoff/settings` → `settings {resumeKeywords, resumeMessage}`.
    public func handoffSettings(_ id: String) async throws(SwitchboardError) -> HandoffSettings {
        try capabilities.require(.handoff)
        let reply = try await client.call(.get, WasupClient.instancePath(id, "/handoff/settings"))
        guard let settings = reply.json?["settings"], settings.isObject else {
            throw invalid("handoff settings answered without `settings`")
        }
        return HandoffSettings(resumeKeywords: settings["resumeKeywords"]?.array?.compactMap(\.string) ?? [],
                               resumeMessage: settings["resumeMessage"]?.nonEmptyString)
    }

    /// `PUT .../handoff/settings` with `resumeKeywords` and `resumeMessage` (`""` for a silent
    /// resume when `nil`).
    public func setHandoffSettings(_ id: String, _ settings: HandoffSettings) async throws(SwitchboardError) {
        try capabilities.require(.handoff)
        let body: WasupJSON = [
            "resumeKeywords": .array(settings.resumeKeywords.map(WasupJSON.string)),
            "resumeMessage": .string(settings.resumeMessage ?? ""),
        ]
        _ = try await client.call(.put, WasupClient.instancePath(id, "/handoff/settings"), body: body)
    }
}
