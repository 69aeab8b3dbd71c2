import Foundation
import Switchboard

/// Reconciliation and receipts from history, chat by chat.
///
/// Wawp's spec gives `GET /v2/chats` (chats, `sortBy`, `sortOrder`, `limit`, `offset`) and
/// `GET /v2/chats/messages` (`chatId`, `limit`, `offset`) and is silent on both answers' shapes
/// and on a time filter. WAHA, which Wawp hosts, documents them
/// (devlikeapro/waha-docs, content/docs/how-to/chats/index.md, "Get all chats" and "Get
/// messages"): chats sort by last message with `sortBy=messageTimestamp&sortOrder=desc` and carry
/// its `timestamp`; messages come newest first, each with `timestamp` (epoch seconds) and `ack`
/// (-1 ERROR … 4 PLAYED), paged by `offset` in steps of `limit`. WAHA's `filter.timestamp.gte` is
/// not in Wawp's spec, so it is not sent: pages are read until one goes past the asked time.
/// An answer that is not an array of messages (or of chats) fails with
/// `SwitchboardError/Kind/invalidResponse` naming the endpoint.
extension WawpProvider: MessageHistoryReading {
    /// How many messages (and chats) one page asks for.
    static var historyPage: Int { 100 }
    /// How many chats one read looks at, at most.
    static var historyChats: Int { 1000 }

    /// Chat by chat; receipts in `ack`; `offset` paging.
    public var historyReading: HistoryReadingSupport {
        HistoryReadingSupport(acrossChats: false, receipts: true,
                              paging: "chat by chat (at most \(Self.historyChats) chats a read), \(Self.historyPage) messages a page by offset, no time filter")
    }

    /// Reads the chats with a message since `since` (newest first), and each one's messages back to `since`.
    public func history(_ id: String, since: Date, direction: HistoryDirection) async throws(SwitchboardError) -> HistoryRead {
        try require(.messageHistory)
        let floor = since.addingTimeInterval(-1)  // WAHA's times are whole seconds
        let (chats, chatsComplete) = try await chatsActive(id, since: floor)
        var collected: [HistoryMessage] = []
        var seen = Set<String>()
        for chat in chats {
            for message in try await chatHistory(id, chat: chat, since: floor) where seen.insert(message.message.id.comparable).inserted {
                switch direction {
                case .inbound where message.message.fromMe, .outbound where !message.message.fromMe: continue
                default: collected.append(message)
                }
            }
        }
        let ordered = collected.enumerated().sorted { lhs, rhs in
            switch (lhs.element.message.timestamp, rhs.element.message.timestamp) {
            case let (left?, right?) where left != right: left < right
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
        return HistoryRead(messages: ordered, complete: chatsComplete,
                           note: chatsComplete ? nil : "more than \(Self.historyChats) chats had messages since then; the rest were not read")
    }

    /// The chats whose last message is not older than `since`; whether none was left out.
    private func chatsActive(_ id: String, since: Date) async throws(SwitchboardError) -> ([ChatID], Bool) {
        var chats: [ChatID] = []
        var offset = 0
        while offset < Self.historyChats {
            let reply = try await client.call(.get, "/v2/chats", instance: id,
                                              query: [("sortBy", "messageTimestamp"), ("sortOrder", "desc"),
                                                      ("limit", String(Self.historyPage)), ("offset", String(offset))])
            guard let items = reply.json?.array ?? reply.json?["chats"]?.array ?? reply.json?["data"]?.array else {
                throw client.unreadable(reply, "/v2/chats", expected: "an array of chats")
            }
            for item in items {
                let last = WawpDate.parse(item["timestamp"] ?? item["conversationTimestamp"] ?? item[path: "lastMessage.timestamp"])
                // Sorted newest first: the first chat quiet since before `since` ends the list.
                if let last, last < since { return (chats, true) }
                if let chat = (item[path: "id._serialized"] ?? item["id"] ?? item["chatId"])?.nonEmptyString
                    .flatMap({ try? ChatID(WawpMessageIDs.normalizedJID($0)) }) {
                    chats.append(chat)
                }
            }
            guard items.count >= Self.historyPage else { return (chats, true) }
            offset += Self.historyPage
        }
        return (chats, false)
    }

    /// One chat's messages not older than `since`.
    private func chatHistory(_ id: String, chat: ChatID, since: Date) async throws(SwitchboardError) -> [HistoryMessage] {
        var messages: [HistoryMessage] = []
        var offset = 0
        while true {
            let reply = try await client.call(.get, "/v2/chats/messages", instance: id,
                                              query: [("chatId", chat.jid), ("limit", String(Self.historyPage)),
                                                      ("offset", String(offset)), ("downloadMedia", "false")])
            guard let items = reply.json?.array ?? reply.json?["messages"]?.array ?? reply.json?["data"]?.array else {
                throw client.unreadable(reply, "/v2/chats/messages", expected: "an array of messages")
            }
            let page = items.compactMap { item -> HistoryMessage? in
                guard let message = WawpMessageReader.message(item) else { return nil }
                return HistoryMessage(message: message, receipt: message.fromMe ? WawpWebhookDecoder.ackStatus(item) : nil)
            }
            messages += page.filter { ($0.message.timestamp ?? .distantFuture) >= since }
            let times = page.compactMap(\.message.timestamp)
            // Newest first (WAHA's order): a page reaching past `since` is the last one needed.
            if let first = times.first, let last = times.last, first >= last, last < since { break }
            guard items.count >= Self.historyPage else { break }
            offset += Self.historyPage
        }
        return messages
    }
}
