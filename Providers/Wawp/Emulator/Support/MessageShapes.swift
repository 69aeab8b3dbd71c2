import EmulatorKit
import Foundation

/// Send answers in the shapes WAHA's engines give, so clients meet every documented way of
/// carrying a message id.
enum MessageShapes {
    /// The answer to a send of `kind`.
    static func answer(_ message: WawpMessage, kind: SendKind) -> JSONValue {
        switch kind.shape {
        case .serializedObject: webMessage(message)
        case .dataWrapped: wrappedMedia(message)
        case .key: keyed(message, kind: kind)
        case .plainString: plain(message)
        }
    }

    /// `{fromMe, remote, id, _serialized}`.
    static func idObject(_ message: WawpMessage) -> JSONValue {
        ["fromMe": .bool(message.fromMe), "remote": .string(message.chatId), "id": .string(message.id),
         "_serialized": .string(message.serialized)]
    }

    /// WEBJS: a whatsapp-web.js Message with an id object.
    static func webMessage(_ message: WawpMessage) -> JSONValue {
        ["id": idObject(message), "ack": .int(message.ack), "hasMedia": false, "body": JSONValue(message.body),
         "type": "chat", "timestamp": .int(message.timestamp), "from": .string(message.from), "to": .string(message.to),
         "deviceType": "web", "isForwarded": false, "hasQuotedMsg": .bool(message.replyTo != nil)]
    }

    /// WEBJS media: the raw `_data` only.
    static func wrappedMedia(_ message: WawpMessage) -> JSONValue {
        let media = message.media ?? [:]
        return ["_data": ["id": idObject(message), "type": .string(message.messageType == "document" ? "document" : message.messageType),
                          "t": .int(message.timestamp), "from": .string(message.from), "to": .string(message.to),
                          "caption": JSONValue(message.body), "mimetype": media["mimetype"] ?? .null,
                          "filename": media["filename"] ?? .null, "ack": .int(message.ack)],
                "mediaKey": .string(Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()),
                "hasMedia": true, "timestamp": .int(message.timestamp)]
    }

    /// NOWEB (Baileys): `key` plus the protocol message.
    static func keyed(_ message: WawpMessage, kind: SendKind) -> JSONValue {
        let remote = message.chatId.hasSuffix("@c.us") ? String(message.chatId.dropLast(5)) + "@s.whatsapp.net" : message.chatId
        let content: JSONValue
        switch kind {
        case .voice:
            content = ["audioMessage": ["url": message.media?["url"] ?? .null, "mimetype": message.media?["mimetype"] ?? .null, "ptt": true]]
        case .linkPreview:
            let preview = message.content["preview"]
            content = ["extendedTextMessage": ["text": JSONValue(message.body), "matchedText": preview?["url"] ?? .null,
                                               "title": preview?["title"] ?? .null, "description": preview?["description"] ?? .null]]
        case .list:
            content = ["listMessage": message.content["list"] ?? .null]
        default:
            content = ["eventMessage": message.content["event"] ?? .null]
        }
        return ["key": ["remoteJid": .string(remote), "fromMe": true, "id": .string(message.id)], "message": content,
                "messageTimestamp": .string(String(message.timestamp)), "status": "PENDING"]
    }

    /// GOWS-style: a flat object whose `id` is the serialized id.
    static func plain(_ message: WawpMessage) -> JSONValue {
        ["id": .string(message.serialized), "timestamp": .int(message.timestamp), "from": .string(message.from),
         "fromMe": true, "to": .string(message.to), "body": JSONValue(message.body)]
    }
}
