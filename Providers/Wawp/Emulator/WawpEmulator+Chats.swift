import EmulatorKit

extension WawpEmulator {
    /// The chats that have messages, oldest last message first: id, name, last message time,
    /// unread count, last message.
    private func chatSummaries(_ instance: WawpInstance) -> [(id: String, json: JSONObject)] {
        var lastIndex: [String: Int] = [:]
        for (index, message) in instance.messages.enumerated() { lastIndex[message.chatId] = index }
        return lastIndex.sorted { $0.value < $1.value }.map { chatId, index in
            let message = instance.messages[index]
            let name = instance.messages.last { $0.chatId == chatId && $0.pushName != nil }?.pushName
                ?? WawpIdentifiers.phone(ofChat: chatId) ?? chatId
            let unread = instance.messages.filter { $0.chatId == chatId && !$0.fromMe && $0.ack < 3 }.count
                + (instance.unreadChats.contains(chatId) ? 1 : 0)
            return (chatId, ["id": .string(chatId), "name": .string(name), "isGroup": .bool(chatId.hasSuffix("@g.us")),
                             "timestamp": .int(message.timestamp), "unreadCount": .int(unread),
                             "lastMessage": message.payload])
        }
    }

    /// `limit`/`offset` over a list.
    private func page<T>(_ items: [T], _ call: WawpCall, defaultLimit: Int = 100) -> [T] {
        let offset = max(0, call.params.int("offset") ?? 0), limit = max(0, call.params.int("limit") ?? defaultLimit)
        guard offset < items.count else { return [] }
        return Array(items[offset..<min(items.count, offset + limit)])
    }

    /// `GET|POST /v2/chats`: chats by last message (newest first unless `sortOrder=asc`).
    func chats(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        var list = chatSummaries(instance)
        let ascending = call.params.string("sortOrder")?.lowercased() == "asc"
        switch call.params.string("sortBy") {
        case "id"?, "name"?:
            let key = call.params.string("sortBy")!
            list.sort { ($0.json[key]?.stringValue ?? "") < ($1.json[key]?.stringValue ?? "") }
            if !ascending { list.reverse() }
        default:
            if !ascending { list.reverse() }
        }
        return success(.array(page(list, call).map { .object($0.json) }), call)
    }

    /// `GET /v2/chats/overview`: `{id, name, picture, lastMessage}` per chat, newest first.
    func chatsOverview(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        let list = chatSummaries(instance).reversed().map { chat -> JSONValue in
            ["id": .string(chat.id), "name": chat.json["name"] ?? .null, "picture": .null,
             "lastMessage": chat.json["lastMessage"] ?? .null]
        }
        return success(.array(page(list, call, defaultLimit: 20)), call)
    }

    /// `GET /v2/chats/messages`: the chat's messages, sent and received, newest first (WAHA's
    /// order; the spec names none, so with a seed the order may be oldest first).
    func chatMessages(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        let chatId: String
        do { chatId = try chat(call) } catch { return error.response }
        let inChat = instance.messages.filter { $0.chatId == chatId }
        let messages = (chooser.flip() ? Array(inChat) : Array(inChat.reversed())).map(\.payload)
        return success(.array(page(Array(messages), call)), call)
    }

    /// `POST /v2/chats/read`: the chat's received messages become read.
    func markRead(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let chatId: String
        do { chatId = try chat(call) } catch { return error.response }
        markRead(chatId, only: [], &instance)
        return successText(call.operation)
    }

    /// `POST /v2/chats/unread`: the chat is marked unread.
    func markUnread(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let chatId: String
        do { chatId = try chat(call) } catch { return error.response }
        instance.unreadChats.insert(chatId)
        return successText(call.operation)
    }

    /// The message `messageId` names in the chat, or the documented 404.
    private func message(_ call: WawpCall, _ instance: WawpInstance) -> Result<Int, SendRefusal> {
        do {
            let chatId = try chat(call)
            let reference = try required(call, "messageId")
            guard let index = instance.messageIndex(reference), instance.messages[index].chatId == chatId else {
                return .failure(SendRefusal(response: errors.response(status: 404, operation: call.operation)))
            }
            return .success(index)
        } catch {
            return .failure(error)
        }
    }

    /// `POST /v2/messages/get`: one message.
    func getMessage(_ call: WawpCall, _ instance: WawpInstance) -> EmulatorResponse {
        switch message(call, instance) {
        case .success(let index): success(instance.messages[index].payload, call)
        case .failure(let refusal): refusal.response
        }
    }

    /// `DELETE /v2/messages/delete`: revokes one of the account's messages; emits `message.revoked`.
    func deleteMessage(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let index: Int
        switch message(call, instance) {
        case .success(let found): index = found
        case .failure(let refusal): return refusal.response
        }
        guard instance.messages[index].fromMe else { return invalid(call, "messageId").response }
        instance.messages[index].revoked = true
        let message = instance.messages[index]
        call.events.emit("message.revoked", ["id": .string(message.serialized), "revokedBy": .string(message.from),
                                             "chatId": .string(message.chatId), "fromMe": true,
                                             "timestamp": .int(EmulatorClock.seconds())], instance: instance)
        return successText(call.operation)
    }

    /// `PUT /v2/messages/edit`: edits one of the account's messages; emits `message.edited`.
    func editMessage(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let index: Int
        switch message(call, instance) {
        case .success(let found): index = found
        case .failure(let refusal): return refusal.response
        }
        let text: String
        do { text = try required(call, "text") } catch { return error.response }
        guard instance.messages[index].fromMe, !instance.messages[index].revoked else { return invalid(call, "messageId").response }
        let previous = instance.messages[index].body
        instance.messages[index].previousBody = previous
        instance.messages[index].body = text
        let message = instance.messages[index]
        call.events.emit("message.edited", ["id": .string(message.serialized), "newBody": .string(text), "prevBody": JSONValue(previous),
                                            "chatId": .string(message.chatId), "fromMe": true,
                                            "timestamp": .int(EmulatorClock.seconds())], instance: instance)
        return successText(call.operation)
    }
}
