import Switchboard

/// Finds the message id in a send's answer, whatever the engine behind Wawp wrote.
///
/// Shapes read, in this order, at the top level and then inside a `message`, `data`, `result` or
/// `response` wrapper:
///
/// 1. `"id": "true_447700900123@c.us_3EB0…"` (a plain string)
/// 2. `"id": {"_serialized": "…"}` (WEBJS)
/// 3. `"message_id"` / `"messageId"` (a plain string)
/// 4. `"key": {"id": "3EB0…", "remoteJid": "447700900123@s.whatsapp.net", "fromMe": true}` (NOWEB):
///    serialized as WAHA does, `{fromMe}_{remoteJid}_{id}`, or `key.id` alone without a `remoteJid`
/// 5. `"_data": {"id": {"_serialized": "…"}}`
///
/// An answer with none of them (an empty body, `Success: …` text, other JSON) has no id; that is
/// still a successful send.
enum WawpMessageIDs {
    static func messageID(in json: WawpJSON?) -> MessageID? {
        guard let json else { return nil }
        if let items = json.array { return items.lazy.compactMap { messageID(in: $0) }.first }
        if let id = direct(json) { return MessageID(id) }
        for wrapper in ["message", "data", "result", "response"] {
            if let inner = json[wrapper], inner.isObject, let id = direct(inner) { return MessageID(id) }
        }
        return nil
    }

    private static func direct(_ json: WawpJSON) -> String? {
        if let id = json["id"]?.nonEmptyString { return id }
        if let id = json[path: "id._serialized"]?.nonEmptyString { return id }
        if let id = json.first("message_id", "messageId")?.nonEmptyString { return id }
        if let key = json["key"], let id = key["id"]?.nonEmptyString {
            guard let jid = key["remoteJid"]?.nonEmptyString else { return id }
            let fromMe = key["fromMe"]?.bool ?? true
            return "\(fromMe)_\(normalizedJID(jid))_\(id)"
        }
        if let id = json[path: "_data.id._serialized"]?.nonEmptyString { return id }
        return nil
    }

    /// `…@s.whatsapp.net` as `…@c.us`, as WAHA serializes ids.
    static func normalizedJID(_ jid: String) -> String {
        jid.hasSuffix("@s.whatsapp.net") ? String(jid.dropLast("@s.whatsapp.net".count)) + "@c.us" : jid
    }

    /// The chat inside a serialized id (`true_447700900123@c.us_3EB0…` → `447700900123@c.us`).
    static func chat(inSerialized id: String) -> ChatID? {
        let parts = id.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "true" || parts[0] == "false" else { return nil }
        return try? ChatID(String(parts[1]))
    }
}
