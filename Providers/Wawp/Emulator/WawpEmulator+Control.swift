import EmulatorKit
import Foundation

extension WawpEmulator {
    /// Runs `body` on an instance under the lock, then queues the webhooks it emitted; returns
    /// the body's answer and the webhooks' request ids.
    func mutate<T: Sendable>(_ id: String, _ body: (inout WawpInstance, inout WawpEvents) throws(ControlError) -> T)
        throws(ControlError) -> (value: T, requestIds: [String]) {
        try state.withLock { state throws(ControlError) -> (value: T, requestIds: [String]) in
            guard var instance = state.instances[id] else { throw .unknownInstance(id) }
            var events = WawpEvents()
            let value = try body(&instance, &events)
            state.instances[id] = instance
            return (value, deliver(events, state: state))
        }
    }

    /// Answers `body` with the outcomes of the webhooks it caused under `webhooks`.
    func answer(_ body: JSONObject, requestIds: [String]) async -> JSONValue {
        var object = body
        object["webhooks"] = await outcomes(of: requestIds)
        return .object(object)
    }

    /// `POST /__emulator/reset`: no instances, no webhook URL; queued webhooks are delivered first.
    public func reset() async {
        await queue.flush()
        state.withLock { $0 = WawpState() }
    }

    /// `POST /__emulator/instances/{id}/scan`: the phone scans the QR code of a session in
    /// `SCAN_QR_CODE`; the session becomes `WORKING` with `me` = `phone@c.us`.
    public func scan(instance id: String, _ request: ScanRequest) async throws(ControlError) -> JSONValue {
        guard let phone = WawpIdentifiers.phoneDigits(request.phone) else { throw .badRequest("`phone` must be 7 to 15 digits") }
        let result = try mutate(id) { instance, events throws(ControlError) -> JSONObject in
            guard instance.status == .scanQRCode, instance.qr != nil else {
                throw .conflict("instance `\(id)` is not showing a QR code (status \(instance.status.rawValue))")
            }
            pair(phone, &events, &instance)
            return ["instanceId": .string(id), "status": .string(instance.status.rawValue), "me": instance.me]
        }
        return await answer(result.value, requestIds: result.requestIds)
    }

    /// `POST /__emulator/instances/{id}/confirm-code`: the phone enters the code issued by
    /// `/v2/auth/request-code` (case and dash optional); the session becomes `WORKING`.
    public func confirmCode(instance id: String, _ request: ConfirmCodeRequest) async throws(ControlError) -> JSONValue {
        let entered = request.code.uppercased().filter { $0 != "-" && $0 != " " }
        let result = try mutate(id) { instance, events throws(ControlError) -> JSONObject in
            guard instance.status == .scanQRCode, let pairing = instance.pairing else {
                throw .conflict("instance `\(id)` is not waiting for a pairing code (status \(instance.status.rawValue))")
            }
            guard pairing.code.filter({ $0 != "-" }) == entered else { throw .badRequest("pairing code does not match") }
            pair(pairing.phone, &events, &instance)
            return ["instanceId": .string(id), "status": .string(instance.status.rawValue), "me": instance.me]
        }
        return await answer(result.value, requestIds: result.requestIds)
    }

    /// `POST /__emulator/instances/{id}/inbound`: a contact's message reaches the account
    /// (`message` and `message.any`), or with `fromMe` the phone's owner sends one
    /// (`message.any`, and it is recorded as sent). Extras: `name`, `replyTo`, `location`
    /// `{latitude, longitude, description}`, `vCards`, `fileName`.
    public func inbound(instance id: String, _ request: InboundRequest) async throws(ControlError) -> JSONValue {
        guard let chatId = WawpIdentifiers.chatId(request.from) else { throw .badRequest("`from` must be a phone number or a chat id") }
        let result = try mutate(id) { instance, events throws(ControlError) -> JSONObject in
            guard instance.status == .working, let account = instance.account else {
                throw .conflict("instance `\(id)` is not WORKING (status \(instance.status.rawValue))")
            }
            let message = Self.inboundMessage(request, chatId: chatId, account: account)
            instance.messages.append(message)
            if let phone = WawpIdentifiers.phone(ofChat: chatId) { instance.know(phone) }
            if request.fromMe {
                instance.sent.append(.message(id: message.id))
            } else {
                events.emit("message", message.payload, instance: instance)
            }
            events.emit("message.any", message.payload, instance: instance)
            return ["messageId": .string(message.serialized), "id": .string(message.id), "chatId": .string(chatId)]
        }
        return await answer(result.value, requestIds: result.requestIds)
    }

    /// The message an inbound control request describes.
    static func inboundMessage(_ request: InboundRequest, chatId: String, account: WawpAccount) -> WawpMessage {
        var media: JSONObject?
        if let url = request.mediaUrl {
            let filename = request.raw["fileName"]?.stringValue ?? URL(string: url)?.lastPathComponent ?? "file"
            media = ["url": .string(url), "mimetype": JSONValue(request.mimeType ?? "application/octet-stream"),
                     "filename": .string(filename)]
        }
        let location = request.raw["location"]?.objectValue.map { object -> JSONObject in
            ["description": object["description"] ?? .null, "latitude": .string(object["latitude"].map(Self.text) ?? ""),
             "longitude": .string(object["longitude"].map(Self.text) ?? "")]
        }
        let vCards = (request.raw["vCards"]?.arrayValue ?? []).compactMap(\.stringValue)
        let type = location != nil ? "location" : !vCards.isEmpty ? "contact" : media.map { Self.mediaType(request.mimeType, $0) } ?? "text"
        return WawpMessage(
            id: WawpIdentifiers.webMessageId(), chatId: chatId, fromMe: request.fromMe,
            from: request.fromMe ? account.jid : chatId, to: request.fromMe ? chatId : account.jid, messageType: type,
            body: request.text, media: media, location: location, vCards: vCards, content: [:],
            replyTo: request.raw["replyTo"]?.stringValue, timestamp: EmulatorClock.seconds(), source: "app",
            pushName: request.fromMe ? nil : request.name)
    }

    private static func text(_ value: JSONValue) -> String { value.stringValue ?? value.serialized() }

    private static func mediaType(_ mime: String?, _ media: JSONObject) -> String {
        let mime = (mime ?? "").lowercased()
        if mime.hasPrefix("image/") { return "image" }
        if mime.hasPrefix("video/") { return "video" }
        if mime.hasPrefix("audio/") { return "voice" }
        return "document"
    }

    /// `POST /__emulator/instances/{id}/ack`: one of the account's messages was delivered, read or
    /// played (also `sent`, `failed`); emits `message.ack`.
    public func ack(instance id: String, _ request: AckRequest) async throws(ControlError) -> JSONValue {
        let levels = ["failed": -1, "error": -1, "pending": 0, "sent": 1, "server": 1, "delivered": 2, "device": 2, "read": 3, "played": 4]
        guard let level = levels[request.status.lowercased()] else {
            throw .badRequest("`status` must be one of delivered, read, played, sent, failed")
        }
        let result = try mutate(id) { instance, events throws(ControlError) -> JSONObject in
            guard let index = instance.messageIndex(request.messageId), instance.messages[index].fromMe else {
                throw ControlError(status: 404, message: "no message `\(request.messageId)` sent by instance `\(id)`")
            }
            instance.messages[index].ack = level
            let message = instance.messages[index]
            events.emit("message.ack", ["id": .string(message.serialized), "ack": .int(level),
                                        "ackName": .string(WawpMessage.ackName(level)), "chatId": .string(message.chatId),
                                        "from": .string(message.from), "to": .string(message.to), "fromMe": true,
                                        "participant": .null], instance: instance)
            return ["messageId": .string(message.serialized), "status": .string(request.status.lowercased()),
                    "ack": .int(level), "ackName": .string(WawpMessage.ackName(level))]
        }
        return await answer(result.value, requestIds: result.requestIds)
    }

    /// `GET /__emulator/instances/{id}/sent`: messages and signals (reactions, read receipts,
    /// typing, poll votes) the instance delivered to WhatsApp, in order, messages as they are now.
    public func sent(instance id: String) async throws(ControlError) -> JSONValue {
        try state.withLock { state throws(ControlError) -> JSONValue in
            guard let instance = state.instances[id] else { throw .unknownInstance(id) }
            let entries: [JSONValue] = instance.sent.compactMap { entry in
                switch entry {
                case .message(let messageId): instance.messages.first { $0.id == messageId }?.sentJSON
                case .signal(let object): .object(object)
                }
            }
            return ["instanceId": .string(id), "count": .int(entries.count), "messages": .array(entries)]
        }
    }

    /// `POST /__emulator/webhook`: the URL Wawp's dashboard would hold, and the HMAC secret.
    public func configureWebhook(_ configuration: WebhookConfiguration) async throws(ControlError) -> JSONValue {
        let url = configuration.url.flatMap { $0.isEmpty ? nil : $0 }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) { throw .badRequest("`url` must be an http(s) URL") }
        let secret = configuration.secret.flatMap { $0.isEmpty ? nil : $0 }
        state.withLock { state in
            state.webhookURL = url
            state.webhookSecret = secret
        }
        return ["url": JSONValue(url), "signed": .bool(secret != nil), "algorithm": secret == nil ? .null : "sha512"]
    }
}
