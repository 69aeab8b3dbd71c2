import EmulatorKit
import Foundation

extension WasupEmulator {
    /// Forgets every instance, upload and webhook setting.
    public func reset() async {
        state.withLock { $0 = WasupState(defaultWebhookURL: initialDefaultWebhook) }
    }

    /// Completes QR pairing: the instance must be showing a QR code.
    public func scan(instance id: String, _ request: ScanRequest) async throws(ControlError) -> JSONValue {
        guard let phone = WasupIdentifiers.phoneDigits(request.phone) else { throw .badRequest("`phone` must be 7 to 15 digits") }
        return try state.withLock { state throws(ControlError) -> JSONValue in
            guard var instance = state.instances[id] else { throw .unknownInstance(id) }
            guard instance.status == .connecting, instance.qrPayload != nil else {
                throw .conflict("instance `\(id)` is not showing a QR code (status \(instance.status.rawValue))")
            }
            instance.markConnected(phone: phone)
            applyPendingProfile(&instance)
            state.instances[id] = instance
            return ["instanceId": .string(id), "status": "connected", "phone": .string(phone)]
        }
    }

    /// Completes code pairing: the code must be the one issued.
    public func confirmCode(instance id: String, _ request: ConfirmCodeRequest) async throws(ControlError) -> JSONValue {
        try state.withLock { state throws(ControlError) -> JSONValue in
            guard var instance = state.instances[id] else { throw .unknownInstance(id) }
            guard instance.status == .connecting, let code = instance.pairingCode, let phone = instance.pairingPhone else {
                throw .conflict("instance `\(id)` is not waiting for a pairing code (status \(instance.status.rawValue))")
            }
            guard request.code.uppercased() == code else { throw .badRequest("pairing code does not match") }
            instance.markConnected(phone: phone)
            applyPendingProfile(&instance)
            state.instances[id] = instance
            return ["instanceId": .string(id), "status": "connected", "phone": .string(phone)]
        }
    }

    /// A message reaches the linked phone. From a contact, it is posted to the webhook, and the
    /// receiver's `{reply}` is sent back unless it says `{skip: true}` or the chat is in handoff.
    /// With `fromMe` (the operator typing on the phone) it is recorded as sent, and a resume keyword
    /// at its start ends the chat's handoff (sending the resume message, if any).
    public func inbound(instance id: String, _ request: InboundRequest) async throws(ControlError) -> JSONValue {
        guard let contact = WasupIdentifiers.recipient(request.from) else {
            throw .badRequest("`from` must be a phone number or a chat id")
        }
        let prepared = try state.withLock { state throws(ControlError) -> (message: WasupMessage, url: String?, result: JSONObject) in
            guard var instance = state.instances[id] else { throw .unknownInstance(id) }
            guard instance.status == .connected, let phone = instance.connectedPhone else {
                throw .conflict("instance `\(id)` is not connected")
            }
            let type = Self.inboundType(request)
            let message = WasupMessage(
                id: WasupIdentifiers.messageId(), uuid: UUID().uuidString.lowercased(),
                direction: request.fromMe ? "outbound" : "inbound", from: request.fromMe ? phone : contact.display,
                body: WasupMessageBody(
                    to: request.fromMe ? contact.display : phone, chatId: contact.chatId, messageType: type, text: request.text,
                    content: request.fromMe ? ["message": JSONValue(request.text), "messageType": .string(type)] : JSONObject(),
                    mediaUrl: request.mediaUrl, mimeType: request.mimeType, fileName: request.raw["fileName"]?.stringValue),
                timestamp: Date(), status: request.fromMe ? "sent" : "received", origin: request.fromMe ? "phone" : "contact")
            instance.messages.append(message)
            var result: JSONObject = ["messageId": .string(message.id)]
            if request.fromMe {
                instance.log("Message sent from the phone to \(contact.display)")
                var cleared = false
                if instance.isInHandoff(contact.chatId), resumeKeyword(in: request.text ?? "", of: instance) != nil {
                    instance.handoff.removeAll { $0.chatId == contact.chatId }
                    instance.log("Handoff ended for \(contact.display) by resume keyword")
                    cleared = true
                    if !instance.resumeMessage.isEmpty,
                       case .sent(let resume, _, _, _) = performSend(SendPayload(text: instance.resumeMessage, to: contact.display, chatId: contact.chatId),
                                                                     on: &instance, origin: "handoff-resume") {
                        result["resumeMessageId"] = .string(resume.id)
                    }
                }
                result["handoffCleared"] = .bool(cleared)
                state.instances[id] = instance
                return (message, nil, result)
            }
            instance.log("Message received from \(contact.display)")
            state.instances[id] = instance
            return (message, state.effectiveWebhook(for: instance), result)
        }
        var result = prepared.result
        guard !request.fromMe else { return .object(result) }
        guard let url = prepared.url else {
            result["webhook"] = nil
            return .object(result)
        }
        let outcome = await deliverer.deliver(WebhookDelivery(url: url, json: webhookPayload(for: prepared.message, instanceId: id), event: "message"))
        result["webhook"] = outcome.json
        let answer = outcome.delivered ? outcome.responseJSON : nil
        let skip = answer?["skip"]?.boolValue ?? false
        result["skipped"] = .bool(skip)
        guard !skip, let reply = answer?["reply"]?.stringValue, !reply.isEmpty else { return .object(result) }
        result["reply"] = state.withLock { state -> JSONValue in
            guard var instance = state.instances[id] else { return ["sent": false, "reason": "instance deleted"] }
            defer { state.instances[id] = instance }
            if instance.isInHandoff(contact.chatId) {
                instance.log("Reply to \(contact.display) suppressed: chat is in handoff")
                return ["sent": false, "reason": "handoff"]
            }
            switch performSend(SendPayload(text: reply, to: contact.display, chatId: contact.chatId), on: &instance, origin: "webhook-reply") {
            case .sent(let message, _, _, _): return ["sent": true, "messageId": .string(message.id), "text": .string(reply)]
            case .refused(let reason, let waitTime): return ["sent": false, "reason": .string(reason), "waitTime": .int(waitTime)]
            case .notConnected: return ["sent": false, "reason": "not connected"]
            }
        }
        return .object(result)
    }

    /// The WebhookPayload `media_type` of an inbound message: `mediaType` if given, else from the MIME type.
    static func inboundType(_ request: InboundRequest) -> String {
        let known = ["text", "image", "video", "audio", "document", "sticker", "location", "contact"]
        if let explicit = request.raw["mediaType"]?.stringValue, known.contains(explicit) { return explicit }
        guard request.mediaUrl != nil || request.mimeType != nil else { return "text" }
        let mime = (request.mimeType ?? "").lowercased()
        if mime == "image/webp" { return "sticker" }
        for prefix in ["image", "video", "audio"] where mime.hasPrefix(prefix + "/") { return prefix }
        return "document"
    }

    /// Marks an outbound message delivered, read or played.
    public func ack(instance id: String, _ request: AckRequest) async throws(ControlError) -> JSONValue {
        let allowed = ["delivered", "read", "played"]
        guard allowed.contains(request.status) else { throw .badRequest("`status` must be one of \(allowed.joined(separator: ", "))") }
        return try state.withLock { state throws(ControlError) -> JSONValue in
            guard var instance = state.instances[id] else { throw .unknownInstance(id) }
            guard let index = instance.messages.firstIndex(where: { $0.direction == "outbound" && $0.matches(id: request.messageId) }) else {
                throw ControlError(status: 404, message: "no message `\(request.messageId)` sent by instance `\(id)`")
            }
            instance.messages[index].status = request.status
            state.instances[id] = instance
            return ["messageId": .string(instance.messages[index].id), "status": .string(request.status)]
        }
    }

    /// What the instance delivered to WhatsApp, in order (API sends, auto-replies, reactions, phone messages).
    public func sent(instance id: String) async throws(ControlError) -> JSONValue {
        try state.withLock { state throws(ControlError) -> JSONValue in
            guard let instance = state.instances[id] else { throw .unknownInstance(id) }
            let sent = instance.messages.filter { $0.direction == "outbound" }
            return ["instanceId": .string(id), "count": .int(sent.count), "messages": .array(sent.map(\.sentJSON))]
        }
    }

    /// Sets the deployment-wide default webhook (Wasup's `WEBHOOK_URL`); Wasup signs nothing, so
    /// `secret` is ignored.
    public func configureWebhook(_ configuration: WebhookConfiguration) async throws(ControlError) -> JSONValue {
        let url = configuration.url.flatMap { $0.isEmpty ? nil : $0 }
        if let url, !Self.isHTTPURL(url) { throw .badRequest("`url` must be an http(s) URL") }
        state.withLock { $0.defaultWebhookURL = url }
        return ["defaultWebhookUrl": JSONValue(url), "signed": false]
    }

    /// `GET /__emulator/media/{blobName}`: a file uploaded with `POST /api/upload`.
    public func control(_ request: EmulatorRequest) async -> EmulatorResponse? {
        let prefix = "/__emulator/media/"
        guard request.method == "GET", request.path.hasPrefix(prefix) else { return nil }
        let name = String(request.path.dropFirst(prefix.count))
        guard let upload = state.withLock({ $0.uploads[name] }) else {
            return .json(["error": .string("no upload `\(name)`")], status: 404)
        }
        return EmulatorResponse(status: 200, headers: [("Content-Type", upload.mimeType)], body: upload.data)
    }
}
