import Foundation
import Switchboard

extension WawpProvider {
    /// `GET /v2/chats/messages` with `chatId` and `limit` → an array of WAHA messages, newest last.
    ///
    /// Wawp reads history per chat: for `chat == nil` the adapter lists the most recent chats
    /// (`GET /v2/chats`, newest first, at most ``historyChatLimit``), reads each, and keeps the
    /// newest `limit` messages overall.
    public func messages(_ id: String, in chat: ChatID?, limit: Int) async throws(SwitchboardError) -> [Message] {
        try require(.messageHistory)
        guard limit > 0 else { return [] }
        let chats: [ChatID]
        if let chat { chats = [chat] } else { chats = try await recentChats(id) }
        var messages: [Message] = []
        for chat in chats { messages += try await chatMessages(id, chat: chat, limit: limit) }
        let ordered = messages.enumerated().sorted { lhs, rhs in
            switch (lhs.element.timestamp, rhs.element.timestamp) {
            case let (left?, right?) where left != right: left < right
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
        return Array(ordered.suffix(limit))
    }

    /// How many chats ``messages(_:in:limit:)`` reads when asked for every chat.
    public static var historyChatLimit: Int { 20 }

    private func chatMessages(_ id: String, chat: ChatID, limit: Int) async throws(SwitchboardError) -> [Message] {
        let reply = try await client.call(.get, "/v2/chats/messages", instance: id,
                                          query: [("chatId", chat.jid), ("limit", String(limit)), ("downloadMedia", "false")])
        guard let items = reply.json?.array ?? reply.json?["messages"]?.array ?? reply.json?["data"]?.array else {
            throw client.unreadable(reply, "/v2/chats/messages", expected: "an array of messages")
        }
        // WAHA answers newest first; keep oldest first unless the times say the answer already is.
        let messages = items.compactMap(WawpMessageReader.message)
        let times = messages.compactMap(\.timestamp)
        if let first = times.first, let last = times.last, first < last { return messages }
        return messages.reversed()
    }

    private func recentChats(_ id: String) async throws(SwitchboardError) -> [ChatID] {
        let reply = try await client.call(.get, "/v2/chats", instance: id,
                                          query: [("sortBy", "conversationTimestamp"), ("sortOrder", "desc"),
                                                  ("limit", String(Self.historyChatLimit))])
        guard let items = reply.json?.array ?? reply.json?["chats"]?.array ?? reply.json?["data"]?.array else {
            throw client.unreadable(reply, "/v2/chats", expected: "an array of chats")
        }
        return items.compactMap { item in
            (item[path: "id._serialized"] ?? item["id"] ?? item["chatId"])?.nonEmptyString
                .flatMap { try? ChatID(WawpMessageIDs.normalizedJID($0)) }
        }
    }
}
