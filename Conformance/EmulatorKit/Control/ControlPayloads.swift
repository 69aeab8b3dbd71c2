/// `POST /__emulator/instances/{id}/scan` `{"phone": "447700900123"}`: the phone scanned the QR.
public struct ScanRequest: Sendable {
    /// The digits of the phone that paired.
    public let phone: String
    /// Reads the body.
    public init(json: JSONValue) throws(ControlError) {
        guard let phone = json["phone"]?.stringValue, !phone.isEmpty else { throw .badRequest("`phone` is required") }
        self.phone = phone
    }
    /// Creates a request.
    public init(phone: String) { self.phone = phone }
}

/// `POST /__emulator/instances/{id}/confirm-code` `{"code": "ABCD-1234"}`: the phone entered the code.
public struct ConfirmCodeRequest: Sendable {
    /// The pairing code as entered.
    public let code: String
    /// Reads the body.
    public init(json: JSONValue) throws(ControlError) {
        guard let code = json["code"]?.stringValue, !code.isEmpty else { throw .badRequest("`code` is required") }
        self.code = code
    }
    /// Creates a request.
    public init(code: String) { self.code = code }
}

/// `POST /__emulator/instances/{id}/inbound`: a message arrives at (or, with `fromMe`, is sent from)
/// the paired phone.
public struct InboundRequest: Sendable {
    /// The other party's phone digits (or chat id).
    public let from: String
    /// The text or caption.
    public let text: String?
    /// Whether the phone's owner sent it (an operator typing on the phone).
    public let fromMe: Bool
    /// A media URL, for media messages.
    public let mediaUrl: String?
    /// The media's MIME type.
    public let mimeType: String?
    /// The sender's display name, if given (`pushName`).
    public let name: String?
    /// The whole body, for provider-specific extras.
    public let raw: JSONValue

    /// Reads the body.
    public init(json: JSONValue) throws(ControlError) {
        guard let from = json["from"]?.stringValue, !from.isEmpty else { throw .badRequest("`from` is required") }
        self.from = from
        text = json["text"]?.stringValue
        fromMe = json["fromMe"]?.boolValue ?? false
        mediaUrl = json["mediaUrl"]?.stringValue
        mimeType = json["mimeType"]?.stringValue
        name = json["name"]?.stringValue
        raw = json
    }
}

/// `POST /__emulator/instances/{id}/ack` `{"messageId": "...", "status": "delivered|read|played"}`.
public struct AckRequest: Sendable {
    /// The acknowledged message.
    public let messageId: String
    /// `delivered`, `read` or `played` (providers may accept more).
    public let status: String
    /// Reads the body.
    public init(json: JSONValue) throws(ControlError) {
        guard let id = json["messageId"]?.stringValue, !id.isEmpty else { throw .badRequest("`messageId` is required") }
        guard let status = json["status"]?.stringValue, !status.isEmpty else { throw .badRequest("`status` is required") }
        messageId = id
        self.status = status
    }
}

/// `POST /__emulator/webhook` `{"url": "...", "secret": "..."}`: where webhooks go when the provider
/// sets that outside its API, and the signing secret.
public struct WebhookConfiguration: Sendable {
    /// The delivery URL; nil clears it.
    public let url: String?
    /// The signing secret; nil signs nothing.
    public let secret: String?
    /// Reads the body.
    public init(json: JSONValue) throws(ControlError) {
        guard json.objectValue != nil else { throw .badRequest("body must be a JSON object") }
        url = json["url"]?.stringValue
        secret = json["secret"]?.stringValue
    }
    /// Creates a configuration.
    public init(url: String?, secret: String?) {
        self.url = url
        self.secret = secret
    }
}
