import EmulatorKit

/// To whom a message goes and what it says: what a send body (`SendPayload`) carries and a
/// stored message (`WasupMessage`) keeps.
struct WasupMessageBody: Sendable {
    /// The recipient's phone (or chat id).
    let to: String
    /// The chat (`...@s.whatsapp.net`, `...@g.us`).
    let chatId: String
    /// `text`, `image`, ..., `reaction` (the send's `messageType`, or the inbound media type).
    let messageType: String
    /// Text or caption.
    let text: String?
    /// The content fields as sent (the send body less routing fields), for the control API.
    let content: JSONObject
    let mediaUrl: String?
    let mimeType: String?
    let fileName: String?
}
