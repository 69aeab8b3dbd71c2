import Foundation
import Switchboard

extension WasupProvider {
    /// Sends through the configured ``SendRoute``; see `WasupSendBody` for the body of each
    /// content type.
    ///
    /// `result.sent == false` (Wasup's anti-ban held the message) throws
    /// `SwitchboardError/Kind/rateLimited` with `waitTime` as the retry-after, or
    /// `SwitchboardError/Kind/handoffActive` / `SwitchboardError/Kind/instanceNotReady` when the
    /// reason says so. A 5xx or an unreadable answer is marked ambiguous: the message may have left.
    public func send(_ message: OutboundMessage, from id: String) async throws(SwitchboardError) -> SentMessage {
        let body = try WasupSendBody(message, capabilities: capabilities)
        let messageID: MessageID? = switch sendRoute {
        case .instance: try await sendThroughInstance(body.json, from: id)
        case .autoSelectByPhone: try await sendByPhone(body.json, from: id)
        }
        if let messageID { sentIDs.insert(messageID) }
        return SentMessage(provider: name, instance: id, id: messageID, degradation: body.degradation)
    }

    private var sendOptions: WasupClient.Options {
        WasupClient.Options(isSend: true, allowsUnsuccessful: true, timeout: client.timeout * 4)
    }

    /// `POST /api/instances/{id}/send` → `{success, messageType, result: SendResult}`.
    private func sendThroughInstance(_ body: WasupJSON, from id: String) async throws(SwitchboardError) -> MessageID? {
        try instanceSendResult(try await client.call(.post, WasupClient.instancePath(id, "/send"), body: body, options: sendOptions))
    }

    /// The message id in an answer to `POST /api/instances/{id}/send`, or the error it reports.
    /// Out of line, as ``phoneSendResult(_:from:instancePhone:)`` is: the errors it builds would
    /// otherwise take room in the send's async frame for the whole round trip (issue 17).
    @inline(never)
    private func instanceSendResult(_ reply: WasupClient.Reply) throws(SwitchboardError) -> MessageID? {
        guard let json = reply.json, json.isObject else { throw invalid("send answered without a body").markedAmbiguous() }
        if let result = json["result"], result["sent"]?.bool == false {
            throw WasupErrors.notSent(result: result, provider: name, secret: client.apiKey)
        }
        if json["success"]?.bool == false {
            throw WasupErrors.error(status: reply.status, json: json, response: reply.response, provider: name,
                                    secret: client.apiKey, isSend: true)
        }
        guard json["success"]?.bool == true || json["result"]?.isObject == true else {
            throw invalid("send answered neither `success` nor `result`").markedAmbiguous()
        }
        // SendResult documents no id; a deployment that adds one is believed.
        let result = json["result"]
        return (result?.first("message_id", "messageId", "id") ?? json.first("message_id", "messageId"))?
            .nonEmptyString.map { MessageID($0) }
    }

    /// `GET .../connection`, then `POST /api/send` with `from_phone` → `[{message_id, from_phone, status, ...}]`.
    private func sendByPhone(_ body: WasupJSON, from id: String) async throws(SwitchboardError) -> MessageID? {
        let connection = try await connectionStatus(id)
        guard connection.status == .connected, let instancePhone = connection.phone else {
            throw SwitchboardError.instanceNotReady("instance \(id) is \(connection.status), not connected: nothing sent")
                .from(provider: name)
        }
        guard case .object(var fields) = body else { return nil }
        fields["from_phone"] = .string(instancePhone.digits)
        return try phoneSendResult(try await client.call(.post, "/api/send", body: .object(fields), options: sendOptions),
                                   from: id, instancePhone: instancePhone)
    }

    /// The message id in an answer to `POST /api/send`, or the error it reports.
    @inline(never)
    private func phoneSendResult(_ reply: WasupClient.Reply, from id: String, instancePhone: Phone) throws(SwitchboardError) -> MessageID {
        let items = reply.json?.array ?? (reply.json.map { [$0] } ?? [])
        guard let item = items.first(where: { $0["message_id"] != nil }) ?? items.first, item.isObject else {
            throw invalid("send answered without a message").markedAmbiguous()
        }
        if item["success"]?.bool == false || item["error"] != nil, item["message_id"] == nil {
            throw WasupErrors.error(status: reply.status, json: item, response: reply.response, provider: name,
                                    secret: client.apiKey, isSend: true)
        }
        switch item["status"]?.string {
        case "rate_limited"?:
            throw SwitchboardError.rateLimited("Wasup rate-limited the send", retryAfter: WasupErrors.retryAfter(response: reply.response, json: item))
                .from(provider: name, httpStatus: reply.status)
        case "failed"?:
            throw SwitchboardError.upstreamUnavailable("Wasup reports the send failed").from(provider: name, httpStatus: reply.status)
        default: break
        }
        if let sender = phone(item["from_phone"]), sender != instancePhone {
            throw invalid("Wasup sent from \(sender), not from instance \(id) (\(instancePhone))").markedAmbiguous()
        }
        guard let messageID = item["message_id"]?.nonEmptyString else {
            throw invalid("send answered without `message_id`").markedAmbiguous()
        }
        return MessageID(messageID)
    }

    /// Whether this deployment sent `message`: this process's recent sends, then the store.
    func isOwn(_ message: MessageID) async throws(SwitchboardError) -> Bool {
        if sentIDs.contains(message) { return true }
        return try await sentStore?.wasSent(message, provider: name) ?? false
    }

    /// `POST .../react` with `to`, `messageId`, `emoji` (empty removes) and `fromMe`, which is
    /// `true` for ids this deployment sent (recent sends, then the store's sent ids).
    public func react(_ id: String, to message: MessageID, in chat: ChatID, emoji: String) async throws(SwitchboardError) {
        try capabilities.require(.reactions)
        let body: WasupJSON = [
            "to": .string(WasupSendBody.recipient(chat)), "messageId": .string(message.rawValue),
            "emoji": .string(emoji), "fromMe": .bool(try await isOwn(message)),
        ]
        _ = try await client.call(.post, WasupClient.instancePath(id, "/react"), body: body)
    }

    /// Unsupported: Wasup has no typing endpoint; use `OutboundMessage/typing` on a send.
    public func setTyping(_ id: String, in chat: ChatID, _ typing: Bool) async throws(SwitchboardError) {
        try capabilities.require(.typing)
    }

    /// Unsupported: Wasup has no endpoint to mark messages read (its behaviour settings do it).
    public func markSeen(_ id: String, in chat: ChatID, messages: [MessageID]) async throws(SwitchboardError) {
        try capabilities.require(.markSeen)
    }

    /// `GET .../messages?limit=`: Wasup filters by direction and time, not by chat, so for one chat
    /// the adapter asks for the most Wasup gives (200) and filters. Newest last, whatever order
    /// the server answers in (the spec names none): by timestamp, and where times tie or are
    /// missing, by the server's order read as newest first unless its dated entries show it is
    /// oldest first.
    public func messages(_ id: String, in chat: ChatID?, limit: Int) async throws(SwitchboardError) -> [Message] {
        try capabilities.require(.messageHistory)
        guard limit > 0 else { return [] }
        let asked = chat == nil ? min(limit, 200) : 200
        let reply = try await client.call(.get, WasupClient.instancePath(id, "/messages"), query: [("limit", String(asked))])
        guard let items = reply.json?["messages"]?.array else { throw invalid("message history answered without `messages`") }
        var messages = items.compactMap(historyMessage)
        if let chat { messages = messages.filter { $0.chat == chat } }
        if !Self.isOldestFirst(messages) { messages.reverse() }
        messages = messages.enumerated().sorted { lhs, rhs in
            switch (lhs.element.timestamp, rhs.element.timestamp) {
            case let (left?, right?) where left != right: left < right
            default: lhs.offset < rhs.offset
            }
        }.map(\.element)
        return Array(messages.suffix(limit))
    }

    /// Whether the server listed `messages` oldest first: its first and last differing times say so;
    /// without two differing times, newest first (what Wasup deployments answer) is assumed.
    static func isOldestFirst(_ messages: [Message]) -> Bool {
        let times = messages.compactMap(\.timestamp)
        guard let first = times.first, let last = times.last, first != last else { return false }
        return first < last
    }

    /// One `Message` schema object; `nil` without an id or a readable chat.
    private func historyMessage(_ json: WasupJSON) -> Message? {
        guard let id = json["id"]?.nonEmptyString else { return nil }
        let fromMe = json["direction"]?.string == "outbound"
        guard let chatText = (fromMe ? json["to"] : json["from"])?.nonEmptyString,
              let chat = try? ChatID(chatText) else { return nil }
        let media = json["mediaUrl"]?.nonEmptyString.map { InboundMedia(url: $0, mimeType: json["mimeType"]?.nonEmptyString) }
        return Message(id: MessageID(id), chat: chat, from: fromMe ? nil : chat, fromMe: fromMe,
                       timestamp: WasupDate.parse(json["timestamp"]), text: json["text"]?.nonEmptyString, media: media)
    }
}
