/// The message-creating send endpoints, and the WAHA engine shape each answers in.
enum SendKind: String, Sendable, CaseIterable {
    case text, image, pdf, video, voice, linkPreview, location, contact, poll, list, event

    /// The send endpoint of a path, nil for others.
    init?(path: String) {
        switch path {
        case "/v2/send/text": self = .text
        case "/v2/send/image": self = .image
        case "/v2/send/pdf": self = .pdf
        case "/v2/send/video": self = .video
        case "/v2/send/voice": self = .voice
        case "/v2/send/link-preview": self = .linkPreview
        case "/v2/send/location": self = .location
        case "/v2/send/contact": self = .contact
        case "/v2/send/poll": self = .poll
        case "/v2/send/list": self = .list
        case "/v2/send/event": self = .event
        default: return nil
        }
    }

    /// The `messageType` the `sent` list shows.
    var messageType: String {
        switch self {
        case .pdf: "document"
        case .linkPreview: "link_preview"
        default: rawValue
        }
    }

    /// How the answer carries the message id, as WAHA's engines do.
    var shape: MessageIDShape {
        switch self {
        case .text: .serializedObject
        case .image, .video, .pdf: .dataWrapped
        case .voice, .linkPreview, .list, .event: .key
        case .location, .contact, .poll: .plainString
        }
    }
}

/// Where a send answer carries the message id.
enum MessageIDShape: Sendable {
    /// WEBJS message: `id` is `{fromMe, remote, id, _serialized}`.
    case serializedObject
    /// WEBJS media message: only `_data.id._serialized`.
    case dataWrapped
    /// NOWEB: `key.id` with `key.remoteJid` and `key.fromMe`.
    case key
    /// GOWS-style: `id` is the serialized id string.
    case plainString
}
