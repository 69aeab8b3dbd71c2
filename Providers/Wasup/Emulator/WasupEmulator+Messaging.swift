import EmulatorKit
import Foundation

/// What became of one send.
enum SendOutcome {
    case notConnected
    case refused(reason: String, waitTime: Int)
    case sent(WasupMessage, delay: Int, typingSimulation: Bool, delayEnabled: Bool)
}

extension WasupEmulator {
    /// Sends `payload` from `instance` if it is connected and its limits allow, recording it.
    func performSend(_ payload: SendPayload, on instance: inout WasupInstance, origin: String, now: Date = Date()) -> SendOutcome {
        guard instance.status == .connected, let phone = instance.connectedPhone else { return .notConnected }
        if let refusal = instance.antiBan.refusal(sends: instance.sends, chat: payload.chatId, now: now)
            ?? instance.antibanV2.refusal(sends: instance.sends, now: now) {
            instance.log("Send to \(payload.to) blocked: \(refusal.reason)", level: "warning")
            return .refused(reason: refusal.reason, waitTime: refusal.waitTime)
        }
        let message = WasupMessage(
            id: WasupIdentifiers.messageId(), uuid: UUID().uuidString.lowercased(), direction: "outbound", from: phone,
            body: payload.body, timestamp: now, status: "sent", origin: origin)
        instance.messages.append(message)
        instance.sends.append((now, payload.chatId))
        instance.log("Message sent to \(payload.to) (\(payload.messageType))", level: "success")
        let typing = instance.behavior.behaviorProfile == "notification-max" ? false
            : payload.typingSimulation ?? instance.behavior.typingSimulation
        let delayEnabled = payload.delayEnabled ?? instance.behavior.delayEnabled
        let delay = delayEnabled ? min(8000, 1000 + 25 * (payload.text?.count ?? 0)) : 0
        return .sent(message, delay: delay, typingSimulation: typing, delayEnabled: delayEnabled)
    }

    /// `POST /api/instances/{id}/send`.
    func sendFromInstance(_ request: EmulatorRequest) -> EmulatorResponse {
        withInstance(request) { instance, _ in
            let payload: SendPayload
            switch SendPayload.parse(request.json ?? .null) {
            case .success(let parsed): payload = parsed
            case .failure(let error): return failure(400, error.message)
            }
            switch performSend(payload, on: &instance, origin: "api") {
            case .notConnected:
                return failure(400, "Instance is not connected. Connect it first with POST /api/instances/\(instance.id)/connect")
            case .refused(let reason, let waitTime):
                return .json(["success": false, "messageType": .string(payload.messageType),
                              "result": ["sent": false, "reason": .string(reason), "waitTime": .int(waitTime)]])
            case .sent(let message, let delay, let typing, let delayEnabled):
                // `SendResult` documents no id; outside spec-literal mode the WhatsApp id is added.
                var result: JSONObject = ["sent": true, "delay": .int(delay), "typingSimulation": .bool(typing),
                                          "delayEnabled": .bool(delayEnabled)]
                var answer: JSONObject = ["success": true, "messageType": .string(payload.messageType)]
                if !choices.literal {
                    answer["message_id"] = .string(message.id)
                    result["messageId"] = .string(message.id)
                }
                answer["result"] = .object(result)
                return .json(.object(answer))
            }
        }
    }

    /// `POST /api/send`: from the connected instance of `from_phone`, or the first connected one.
    func sendAutoSelect(_ request: EmulatorRequest) -> EmulatorResponse {
        let payload: SendPayload
        switch SendPayload.parse(request.json ?? .null) {
        case .success(let parsed): payload = parsed
        case .failure(let error): return failure(400, error.message)
        }
        let rawFrom = request.field("from_phone")?.stringValue
        let fromPhone = rawFrom.flatMap(WasupIdentifiers.phoneDigits)
        if let rawFrom, fromPhone == nil { return failure(400, "Invalid from_phone: \(rawFrom)") }
        return state.withLock { state in
            guard var instance = state.connectedInstance(fromPhone: fromPhone) else {
                return failure(400, fromPhone.map { "No connected instance found for phone \($0)" } ?? "No connected instance available")
            }
            let outcome = performSend(payload, on: &instance, origin: "auto-select")
            state.instances[instance.id] = instance
            let now = WasupClock.iso(Date())
            var item: JSONObject = ["message_id": nil, "created_at": .string(now), "from_phone": JSONValue(instance.connectedPhone),
                                    "to_phone": .string(payload.to), "message": .string(payload.text ?? ""),
                                    "message_type": .string(payload.messageType), "status": "failed"]
            switch outcome {
            case .sent(let message, _, _, _):
                item["message_id"] = .string(message.uuid)
                item["status"] = "sent"
            case .refused(let reason, let waitTime):
                item["message_id"] = .string(UUID().uuidString.lowercased())
                item["status"] = "rate_limited"
                item["reason"] = .string(reason)
                item["waitTime"] = .int(waitTime)
            case .notConnected:
                item["message_id"] = .string(UUID().uuidString.lowercased())
            }
            return .json([.object(item)])
        }
    }

    /// `POST /api/instances/{id}/react` and `POST /api/react`.
    func react(_ request: EmulatorRequest, autoSelect: Bool) -> EmulatorResponse {
        if !autoSelect, state.withLock({ $0.instances[instanceId(request)] == nil }) { return instanceNotFound(request) }
        let body = bodyObject(request)
        let rawTo = (autoSelect ? body["to_phone"] ?? body["to"] : body["to"] ?? body["to_phone"])?.stringValue ?? ""
        guard let recipient = WasupIdentifiers.recipient(rawTo) else { return failure(400, "Invalid recipient: \(rawTo)") }
        let messageId = body["messageId"]?.stringValue ?? ""
        let emoji = body["emoji"]?.stringValue ?? ""
        guard !messageId.isEmpty else { return failure(400, "messageId must not be empty") }
        let fromMe = body["fromMe"]?.boolValue ?? false

        func record(_ instance: inout WasupInstance) -> EmulatorResponse? {
            guard instance.status == .connected, let phone = instance.connectedPhone else {
                return failure(400, "Instance is not connected")
            }
            let content: JSONObject = ["messageId": .string(messageId), "emoji": .string(emoji), "fromMe": .bool(fromMe)]
            instance.messages.append(WasupMessage(
                id: WasupIdentifiers.messageId(), uuid: UUID().uuidString.lowercased(), direction: "outbound", from: phone,
                body: WasupMessageBody(to: recipient.display, chatId: recipient.chatId, messageType: "reaction", text: emoji,
                                       content: content, mediaUrl: nil, mimeType: nil, fileName: nil),
                timestamp: Date(), status: "sent", origin: autoSelect ? "auto-select" : "api"))
            instance.log(emoji.isEmpty ? "Reaction removed on \(messageId)" : "Reacted \(emoji) to \(messageId)")
            return nil
        }

        if !autoSelect {
            return withInstance(request) { instance, _ in
                record(&instance) ?? .json(["success": true, "emoji": .string(emoji), "messageId": .string(messageId)])
            }
        }
        let rawFrom = body["from_phone"]?.stringValue
        let fromPhone = rawFrom.flatMap(WasupIdentifiers.phoneDigits)
        return state.withLock { state in
            guard var instance = state.connectedInstance(fromPhone: fromPhone) else {
                return rawFrom != nil ? failure(404, "No connected instance found for phone \(rawFrom ?? "")")
                    : failure(400, "No connected instance available")
            }
            if let refused = record(&instance) { return refused }
            state.instances[instance.id] = instance
            return .json(["success": true, "instance_id": .string(instance.id), "emoji": .string(emoji), "messageId": .string(messageId)])
        }
    }

    /// `GET .../messages?direction&limit&since`: newest first.
    func messages(_ request: EmulatorRequest) -> EmulatorResponse {
        let direction = request.queryItem("direction")
        let limit = min(200, max(1, request.queryItem("limit").flatMap { Int($0) } ?? 50))
        let since = request.queryItem("since").flatMap(WasupClock.parse)
        return withInstance(request) { instance, _ in
            let selected = Array(instance.messages.reversed().filter { message in
                message.messageType != "reaction" && (direction == nil || message.direction == direction)
                    && (since == nil || message.timestamp > since!)
            }.prefix(limit))
            // Newest first; the spec names no order, so with a seed it may be oldest first, and
            // dates may take the `2026-01-29 12:00:00+00:00` form.
            let ordered = chooser.flip() ? Array(selected.reversed()) : selected
            let spaced = chooser.flip()
            return .json(["success": true, "count": .int(ordered.count),
                          "messages": .array(ordered.map { $0.historyJSON(spacedDate: spaced) })])
        }
    }
}
