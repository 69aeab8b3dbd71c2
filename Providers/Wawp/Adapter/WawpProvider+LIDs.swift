import Foundation
import Switchboard

extension WawpProvider {
    /// The phone behind a LID: `GET /v2/lids/{lid}` → `{lid, pn}`; `nil` when Wawp does not know it.
    ///
    /// - Parameter lid: A LID chat (`123456789012345@lid`) or its digits.
    public func phone(forLID lid: String, instance id: String) async throws(SwitchboardError) -> Phone? {
        try require(.lidLookup)
        let jid = lid.contains("@") ? lid : lid + "@lid"
        let reply: WawpClient.Reply
        do {
            reply = try await client.call(.get, "/v2/lids/" + Self.pathSegment(jid), instance: id, query: [("lid", jid)])
        } catch where error.kind == .notFound && error.providerCode != "invalid_session" {
            return nil
        }
        let json = reply.json?.array?.first ?? reply.json
        return json?.first("pn", "phone", "number", "phoneNumber")?.nonEmptyString.flatMap { try? Phone($0) }
    }

    /// The LID of a phone: `GET /v2/lids/pn/{number}` → `{lid, pn}`; `nil` when Wawp does not know it.
    public func lid(forPhone phone: Phone, instance id: String) async throws(SwitchboardError) -> ChatID? {
        try require(.lidLookup)
        let reply: WawpClient.Reply
        do {
            reply = try await client.call(.get, "/v2/lids/pn/" + Self.pathSegment(phone.digits), instance: id, query: [("number", phone.digits)])
        } catch where error.kind == .notFound && error.providerCode != "invalid_session" {
            return nil
        }
        let json = reply.json?.array?.first ?? reply.json
        guard let text = json?.first("lid", "id")?.nonEmptyString else { return nil }
        return try? ChatID(text.contains("@") ? text : text + "@lid")
    }

    /// A path segment, percent-encoded but for what RFC 3986 allows there (`@` and `:` stay).
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? text
    }

    private static let segmentAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@:!$&'()*+,;=")
}
