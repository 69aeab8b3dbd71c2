import EmulatorKit

extension WawpEmulator {
    /// `PUT /v2/send/reaction`: sets (or, with an empty `reaction`, removes) the account's
    /// reaction on a message, records it and emits `message.reaction`.
    func react(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        guard let account = instance.account else { return successText(call.operation) }
        let chatId: String, reference: String
        do {
            chatId = try chat(call)
            reference = try required(call, "messageId")
        } catch {
            return error.response
        }
        let emoji = call.params.string("reaction") ?? ""
        var target = reference
        if let index = instance.messageIndex(reference) {
            target = instance.messages[index].serialized
            instance.messages[index].reactions[account.jid] = emoji.isEmpty ? nil : .string(emoji)
        }
        let reactionId = "true_\(chatId)_\(WawpIdentifiers.webMessageId())"
        instance.sent.append(.signal(Self.signal(to: chatId, type: "reaction", messageId: reactionId, reaction: (emoji: emoji, messageId: Optional(target)),
                                                 extras: ["chatId": .string(chatId), "messageType": "reaction", "reactionTo": .string(target),
                                                          "removed": .bool(emoji.isEmpty), "timestamp": .int(EmulatorClock.seconds())])))
        call.events.emit("message.reaction", Self.reactionPayload(id: reactionId, emoji: emoji, sender: account.jid, target: target,
                                                                  fromMe: true, from: account.jid, to: chatId), instance: instance)
        return successText(call.operation)
    }

    /// The `message.reaction` payload, the spec's keys first.
    static func reactionPayload(id: String, emoji: String, sender: String, target: String, fromMe: Bool, from: String,
                                to: String) -> JSONValue {
        ["id": .string(id), "reaction": .string(emoji), "senderId": .string(sender), "messageId": .string(target),
         "from": .string(from), "to": .string(to), "fromMe": .bool(fromMe), "timestamp": .int(EmulatorClock.seconds())]
    }

    /// `POST /v2/send/seen`: marks the chat's received messages (all, or those in `messageIds`)
    /// read and records the read receipt.
    func seen(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let chatId: String
        do { chatId = try chat(call) } catch { return error.response }
        let ids: [String] = switch call.params.json("messageIds") {
        case .array(let values)?: values.compactMap(\.stringValue)
        case .string(let text)?: text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        default: []
        }
        markRead(chatId, only: ids, &instance)
        instance.sent.append(.signal(Self.signal(to: chatId, type: "seen",
                                                 extras: ["chatId": .string(chatId), "messageType": "seen", "messageIds": .array(ids.map(JSONValue.string)),
                                                          "timestamp": .int(EmulatorClock.seconds())])))
        return successText(call.operation)
    }

    /// Marks received messages of a chat read (all of them when `only` is empty).
    func markRead(_ chatId: String, only ids: [String], _ instance: inout WawpInstance) {
        for index in instance.messages.indices where instance.messages[index].chatId == chatId && !instance.messages[index].fromMe {
            if ids.isEmpty || ids.contains(where: instance.messages[index].matches) { instance.messages[index].ack = 3 }
        }
        instance.unreadChats.remove(chatId)
    }

    /// `POST /v2/send/start-typing`, `/stop-typing`: records the typing indicator.
    func typing(_ on: Bool, _ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let chatId: String
        do { chatId = try chat(call) } catch { return error.response }
        instance.sent.append(.signal(Self.signal(to: chatId, type: "typing",
                                                 extras: ["chatId": .string(chatId), "messageType": "typing", "typing": .bool(on),
                                                          "timestamp": .int(EmulatorClock.seconds())])))
        return successText(call.operation)
    }

    /// `POST /v2/send/poll/vote`: records the account's vote on a poll.
    func pollVote(_ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        let chatId: String, poll: String
        do {
            chatId = try chat(call)
            poll = try required(call, "messageId")
        } catch {
            return error.response
        }
        let votes: [JSONValue] = switch call.params.json("votes") {
        case .array(let values)?: values
        case let value?: [value]
        case nil: []
        }
        instance.sent.append(.signal(Self.signal(to: chatId, type: "poll_vote", replyTo: poll,
                                                 extras: ["chatId": .string(chatId), "messageType": "poll_vote", "pollId": .string(poll),
                                                          "votes": .array(votes), "timestamp": .int(EmulatorClock.seconds())])))
        return successText(call.operation)
    }

    /// A `sent` entry for a signal: the contract's seven keys over `extras`.
    static func signal(to chat: String, type: String, messageId: String? = nil, replyTo: String? = nil,
                       reaction: (emoji: String, messageId: String?)? = nil, extras: JSONObject) -> JSONObject {
        SentEntryFields(to: chat, type: type, messageId: messageId, replyTo: replyTo, reaction: reaction).entry(extras: extras).objectValue ?? extras
    }
}
