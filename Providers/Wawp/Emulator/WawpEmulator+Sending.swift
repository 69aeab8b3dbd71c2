import EmulatorKit
import Foundation

extension WawpEmulator {
    /// A failed send: what to answer instead.
    struct SendRefusal: Error {
        let response: EmulatorResponse
    }

    /// The chat a send goes to (`chatId`), normalized; 400 when it is not a number or JID.
    func chat(_ call: WawpCall, _ name: String = "chatId") throws(SendRefusal) -> String {
        let raw = call.params.string(name) ?? ""
        guard let chat = WawpIdentifiers.chatId(raw) else {
            throw SendRefusal(response: raw.isEmpty ? errors.missingParameter([name], operation: call.operation)
                : errors.invalidParameter(name, value: raw, operation: call.operation))
        }
        return chat
    }

    /// A parameter that must be present and non-empty.
    func required(_ call: WawpCall, _ name: String) throws(SendRefusal) -> String {
        guard let value = call.params.present(name), !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SendRefusal(response: errors.missingParameter([name], operation: call.operation))
        }
        return value
    }

    /// 400 `invalid_param` for `name`.
    func invalid(_ call: WawpCall, _ name: String) -> SendRefusal {
        SendRefusal(response: errors.invalidParameter(name, value: call.params.string(name), operation: call.operation))
    }

    /// `/v2/send/{text,image,pdf,video,voice,link-preview,location,contact,poll,list,event}`:
    /// records the message as delivered, emits `message.any`, and answers with the message in
    /// the kind's WAHA shape.
    func send(_ kind: SendKind, _ call: inout WawpCall, _ instance: inout WawpInstance) -> EmulatorResponse {
        guard let account = instance.account else {
            return errors.sessionUnexpectedStatus(current: instance.status, expected: [.working], autoRestart: false)
        }
        let draft: MessageDraft
        let chatId: String
        do {
            chatId = try chat(call)
            draft = try compose(kind, call)
        } catch {
            return error.response
        }
        let shape = kind.shape
        let id = shape == .key ? WawpIdentifiers.nowebMessageId() : WawpIdentifiers.webMessageId()
        let message = WawpMessage(
            id: id, chatId: chatId, fromMe: true, from: account.jid, to: chatId, messageType: kind.messageType,
            body: draft.body, media: draft.media, location: draft.location, vCards: draft.vCards, content: draft.content,
            replyTo: call.params.present("reply_to"), timestamp: EmulatorClock.seconds(), source: "api", pushName: nil)
        instance.messages.append(message)
        instance.sent.append(.message(id: id))
        if let phone = WawpIdentifiers.phone(ofChat: chatId) { instance.know(phone) }
        call.events.emit("message.any", message.payload, instance: instance)
        return success(MessageShapes.answer(message, kind: kind), call)
    }
}
