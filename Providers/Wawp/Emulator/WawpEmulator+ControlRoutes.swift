import EmulatorKit

extension WawpEmulator {
    /// Wawp's own control routes, beyond the shared ones:
    ///
    /// - `GET /__emulator/instances`: every instance with its session name, status and `me`
    /// - `POST /__emulator/instances/{id}/react` `{"from","messageId","reaction"}`: a contact reacts
    ///   (empty `reaction` removes); emits `message.reaction`
    /// - `POST /__emulator/instances/{id}/revoke` `{"messageId"}`: a contact deletes their message;
    ///   emits `message.revoked`
    /// - `POST /__emulator/instances/{id}/edit` `{"messageId","text"}`: a contact edits their
    ///   message; emits `message.edited`
    /// - `POST /__emulator/instances/{id}/fail`: the session breaks (`FAILED`)
    /// - `POST /__emulator/webhooks/flush`: returns once queued webhooks are delivered
    public func control(_ request: EmulatorRequest) async -> EmulatorResponse? {
        let parts = request.path.split(separator: "/").dropFirst().map { String($0).removingPercentEncoding ?? String($0) }
        do throws(ControlError) {
            switch (request.method, parts.count, parts.first, parts.last) {
            case ("GET", 1, "instances", _):
                return .json(["instances": .array(instanceList())])
            case ("POST", 2, "webhooks", "flush"):
                await queue.flush()
                return .json(["flushed": true])
            case ("POST", 3, "instances", let action?):
                let body = request.json ?? [:]
                guard request.body.isEmpty || request.json != nil else { throw ControlError.badRequest("body is not valid JSON") }
                guard let value = try await instanceAction(action, instance: parts[1], body) else { return nil }
                return .json(value)
            default:
                return nil
            }
        } catch {
            return .json(["error": .string(error.message)], status: error.status)
        }
    }

    private func instanceList() -> [JSONValue] {
        state.withLock { state in
            state.order.compactMap { state.instances[$0] }.map { instance in
                ["instance_id": .string(instance.id), "session_name": .string(instance.sessionName),
                 "status": .string(instance.status.rawValue), "me": instance.me]
            }
        }
    }

    private func instanceAction(_ action: String, instance id: String, _ body: JSONValue) async throws(ControlError) -> JSONValue? {
        switch action {
        case "fail":
            let result = try mutate(id) { instance, events throws(ControlError) -> JSONObject in
                setStatus(.failed, &events, &instance)
                return ["instanceId": .string(id), "status": .string(instance.status.rawValue)]
            }
            return await answer(result.value, requestIds: result.requestIds)
        case "react", "revoke", "edit":
            guard let reference = body["messageId"]?.stringValue, !reference.isEmpty else { throw .badRequest("`messageId` is required") }
            let result = try mutate(id) { instance, events throws(ControlError) -> JSONObject in
                guard instance.status == .working, let account = instance.account else {
                    throw .conflict("instance `\(id)` is not WORKING (status \(instance.status.rawValue))")
                }
                guard let index = instance.messageIndex(reference) else {
                    throw ControlError(status: 404, message: "no message `\(reference)` in instance `\(id)`")
                }
                return try contactAction(action, body, index, account, &instance, &events)
            }
            return await answer(result.value, requestIds: result.requestIds)
        default:
            return nil
        }
    }

    private func contactAction(_ action: String, _ body: JSONValue, _ index: Int, _ account: WawpAccount,
                               _ instance: inout WawpInstance, _ events: inout WawpEvents) throws(ControlError) -> JSONObject {
        let target = instance.messages[index]
        switch action {
        case "react":
            let sender = body["from"]?.stringValue.flatMap(WawpIdentifiers.chatId) ?? (target.fromMe ? target.chatId : target.from)
            let emoji = body["reaction"]?.stringValue ?? ""
            instance.messages[index].reactions[sender] = emoji.isEmpty ? nil : .string(emoji)
            let id = "false_\(target.chatId)_\(WawpIdentifiers.webMessageId())"
            events.emit("message.reaction", Self.reactionPayload(id: id, emoji: emoji, sender: sender, target: target.serialized,
                                                                 fromMe: false, from: sender, to: account.jid), instance: instance)
            return ["messageId": .string(id), "reactionTo": .string(target.serialized), "reaction": .string(emoji)]
        case "revoke":
            guard !target.fromMe else { throw .conflict("message `\(target.serialized)` was sent by the account; revoke it through the API") }
            instance.messages[index].revoked = true
            events.emit("message.revoked", ["id": .string(target.serialized), "revokedBy": .string(target.from),
                                            "chatId": .string(target.chatId), "fromMe": false,
                                            "timestamp": .int(EmulatorClock.seconds())], instance: instance)
            return ["messageId": .string(target.serialized), "revoked": true]
        default:
            guard !target.fromMe else { throw .conflict("message `\(target.serialized)` was sent by the account; edit it through the API") }
            guard let text = body["text"]?.stringValue, !text.isEmpty else { throw .badRequest("`text` is required") }
            instance.messages[index].previousBody = target.body
            instance.messages[index].body = text
            events.emit("message.edited", ["id": .string(target.serialized), "newBody": .string(text),
                                           "prevBody": JSONValue(target.body), "chatId": .string(target.chatId), "fromMe": false,
                                           "timestamp": .int(EmulatorClock.seconds())], instance: instance)
            return ["messageId": .string(target.serialized), "text": .string(text)]
        }
    }
}
