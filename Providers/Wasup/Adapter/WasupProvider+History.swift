import Foundation
import Switchboard

/// Reconciliation and receipts from history: `GET /api/instances/{id}/messages` with `direction`,
/// `since` (ISO time, exclusive) and `limit` (at most 200), answering `{messages: [Message]}`.
///
/// Wasup's webhooks carry no receipts (its `WebhookPayload` is an inbound message), but each
/// outbound history `Message` has a `status` (`sent`, `delivered`, `read`, `played`), so delivery
/// tracking reads it from here.
extension WasupProvider: MessageHistoryReading {
    /// Every chat at once; receipts in `status`; one read returns at most 200 messages and the spec
    /// names no order. Pages go on from the newest time read when the answer is oldest first; when
    /// it is newest first, messages beyond the newest 200 since the asked time cannot be reached.
    public var historyReading: HistoryReadingSupport {
        HistoryReadingSupport(acrossChats: true, receipts: true,
                              paging: "at most 200 messages a read, by `since` only (no offset or cursor)")
    }

    /// Pages `since` forward while answers come oldest first and full.
    public func history(_ id: String, since: Date, direction: HistoryDirection) async throws(SwitchboardError) -> HistoryRead {
        try capabilities.require(.messageHistory)
        var collected: [HistoryMessage] = []
        var seen = Set<String>()
        var from = since
        for _ in 0..<50 {
            var query = [("limit", "200"), ("since", Self.isoTime(from))]
            if direction != .both { query.append(("direction", direction.rawValue)) }
            let reply = try await client.call(.get, WasupClient.instancePath(id, "/messages"), query: query)
            guard let items = reply.json?["messages"]?.array else { throw invalid("message history answered without `messages`") }
            let page = items.compactMap(historyEntry)
            for entry in page where seen.insert(entry.message.id.rawValue).inserted { collected.append(entry) }
            guard items.count >= 200 else { return HistoryRead(messages: Self.oldestFirst(collected)) }
            let times = page.compactMap(\.message.timestamp)
            guard let first = times.first, let last = times.last, first < last, last > from else {
                return HistoryRead(messages: Self.oldestFirst(collected), complete: false,
                                   note: "more than 200 messages since \(Self.isoTime(since)), answered newest first: Wasup pages by `since` only, so the older ones cannot be read")
            }
            from = last
        }
        return HistoryRead(messages: Self.oldestFirst(collected), complete: false, note: "stopped after 50 reads of 200 messages")
    }

    static func isoTime(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func oldestFirst(_ entries: [HistoryMessage]) -> [HistoryMessage] {
        entries.enumerated().sorted { lhs, rhs in
            switch (lhs.element.message.timestamp, rhs.element.message.timestamp) {
            case let (left?, right?) where left != right: left < right
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
    }

    /// One `Message` schema object with its `status` as a receipt (outbound only).
    private func historyEntry(_ json: WasupJSON) -> HistoryMessage? {
        guard let id = json["id"]?.nonEmptyString else { return nil }
        let fromMe = json["direction"]?.string == "outbound"
        guard let chatText = (fromMe ? json["to"] : json["from"])?.nonEmptyString,
              let chat = try? ChatID(chatText) else { return nil }
        let media = json["mediaUrl"]?.nonEmptyString.map { InboundMedia(url: $0, mimeType: json["mimeType"]?.nonEmptyString) }
        let message = Message(id: MessageID(id), chat: chat, from: fromMe ? nil : chat, fromMe: fromMe,
                              timestamp: WasupDate.parse(json["timestamp"]), text: json["text"]?.nonEmptyString, media: media)
        return HistoryMessage(message: message, receipt: fromMe ? WasupWebhookDecoder.ackStatus(json["status"]) : nil)
    }
}
