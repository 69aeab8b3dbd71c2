import EmulatorKit

/// One Wawp instance (a WAHA session) and everything its phone did.
struct WawpInstance: Sendable {
    /// The 12-character instance id.
    let id: String
    /// The session name (`wawp-12345678`), the `session` of webhook envelopes.
    let sessionName: String
    /// The session status.
    var status: SessionStatus = .stopped
    /// Observations left before a starting session is up.
    var startingPollsLeft = 0
    /// The paired account; nil until paired, kept by stop, cleared by logout.
    var account: WawpAccount?
    /// The QR value shown while `SCAN_QR_CODE`.
    var qr: String?
    /// The pairing code issued by request-code, and the phone it is for.
    var pairing: (phone: String, code: String)?
    /// Profile name (also the `pushName`).
    var profileName = "Wawp Instance"
    /// Profile about text.
    var profileStatus = "Hey there! I am using WhatsApp."
    /// Profile picture URL.
    var profilePicture: String?
    /// `online` or `offline`.
    var presence = "offline"
    /// Every message of every chat, in order.
    var messages: [WawpMessage] = []
    /// What the phone delivered to WhatsApp, in order.
    var sent: [SentEntry] = []
    /// Chats marked unread.
    var unreadChats: Set<String> = []
    /// Contacts the account knows (digits), in first-seen order: the LID lookups' source.
    var contacts: [String] = []

    /// `me` for envelopes and info: the account, or null when unpaired.
    var me: JSONValue { account?.me(pushName: profileName) ?? .null }

    /// Index of the message `reference` names.
    func messageIndex(_ reference: String) -> Int? {
        messages.lastIndex { $0.matches(reference) }
    }

    /// Remembers a contact (digits) for LID lookups.
    mutating func know(_ phone: String) {
        if !contacts.contains(phone) { contacts.append(phone) }
    }
}
