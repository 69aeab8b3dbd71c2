import Foundation

/// One hosted WhatsApp API, seen through the neutral model.
///
/// An adapter (`WasupProvider`, `WawpProvider`) implements this for its provider; apps and the
/// router talk only to this protocol. Every method throws ``SwitchboardError``. An operation
/// outside ``capabilities`` throws ``SwitchboardError/unsupported(_:_:)`` before any request goes out.
/// Instance ids are the provider's own.
public protocol MessagingProvider: Sendable {
    /// The configured name of this deployment (`wasup-eu`).
    var name: String { get }
    /// The provider kind (`wasup`, `wawp`).
    var kind: String { get }
    /// What this adapter can do.
    var capabilities: Capabilities { get }

    // MARK: Instances

    /// Creates an instance.
    func createInstance(_ draft: InstanceDraft) async throws(SwitchboardError) -> Instance
    /// Every instance this deployment holds (or, where the provider cannot list, every one known).
    func listInstances() async throws(SwitchboardError) -> [Instance]
    /// One instance, with its current status and phone.
    func instance(_ id: String) async throws(SwitchboardError) -> Instance
    /// Changes an instance's name or webhook.
    func updateInstance(_ id: String, _ update: InstanceUpdate) async throws(SwitchboardError) -> Instance
    /// Deletes an instance; it is ``SwitchboardError/Kind/notFound`` afterwards.
    func deleteInstance(_ id: String) async throws(SwitchboardError)

    // MARK: Pairing

    /// Starts the session and asks for a QR code or a pairing code. An instance whose
    /// credentials were kept comes back ``PairingState/connected(_:)`` without pairing.
    func connect(_ id: String, method: PairingMethod) async throws(SwitchboardError) -> PairingState
    /// Where pairing stands now (the current QR, or connected).
    func pairingState(_ id: String) async throws(SwitchboardError) -> PairingState
    /// Stops the session and keeps the credentials: the next connect needs no pairing.
    func disconnect(_ id: String) async throws(SwitchboardError)
    /// Stops the session and forgets the credentials: the next connect needs pairing.
    func logout(_ id: String) async throws(SwitchboardError)

    // MARK: Profile

    /// The linked account's profile.
    func profile(_ id: String) async throws(SwitchboardError) -> Profile
    /// Sets the display name.
    func setProfileName(_ id: String, _ name: String) async throws(SwitchboardError)
    /// Sets the "about" text.
    func setProfileAbout(_ id: String, _ about: String) async throws(SwitchboardError)
    /// Sets the picture from a URL; `nil` removes it.
    func setProfilePicture(_ id: String, url: String?) async throws(SwitchboardError)

    // MARK: Messaging

    /// Sends a message from an instance.
    func send(_ message: OutboundMessage, from id: String) async throws(SwitchboardError) -> SentMessage
    /// Reacts to a message; an empty emoji removes the reaction.
    func react(_ id: String, to message: MessageID, in chat: ChatID, emoji: String) async throws(SwitchboardError)
    /// Shows or stops "typing…" in a chat.
    func setTyping(_ id: String, in chat: ChatID, _ typing: Bool) async throws(SwitchboardError)
    /// Marks a chat's messages as read.
    func markSeen(_ id: String, in chat: ChatID, messages: [MessageID]) async throws(SwitchboardError)
    /// The latest messages of a chat (or of every chat when `chat` is `nil`), newest last.
    func messages(_ id: String, in chat: ChatID?, limit: Int) async throws(SwitchboardError) -> [Message]

    // MARK: Handoff

    /// The chats currently handed off to a human.
    func handoffs(_ id: String) async throws(SwitchboardError) -> [Handoff]
    /// Hands a chat to a human (`active: true`) or gives it back (`false`).
    func setHandoff(_ id: String, chat: ChatID, active: Bool) async throws(SwitchboardError)
    /// Gives every chat back to automation; returns how many were cleared.
    func clearHandoffs(_ id: String) async throws(SwitchboardError) -> Int
    /// The handoff rules.
    func handoffSettings(_ id: String) async throws(SwitchboardError) -> HandoffSettings
    /// Changes the handoff rules.
    func setHandoffSettings(_ id: String, _ settings: HandoffSettings) async throws(SwitchboardError)

    // MARK: Webhooks

    /// Where the provider should deliver this instance's events.
    func setWebhook(_ id: String, url: String) async throws(SwitchboardError)
    /// Asks the provider to deliver a test event.
    func testWebhook(_ id: String) async throws(SwitchboardError)
    /// Throws ``SwitchboardError/Kind/unauthorized`` unless the delivery is authentic.
    func verifyWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError)
    /// The neutral events in a delivery. Throws ``SwitchboardError/Kind/invalidRequest`` for a body
    /// that is not a delivery of this provider.
    func decodeWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent]
    /// The HTTP body answering a delivery, carrying the app's reply where the provider acts on one
    /// (Wasup: `{"reply": "..."}` or `{"skip": true}`). Defaults to `{}`.
    func webhookAnswer(_ reply: WebhookReply?) -> (body: Data, contentType: String)
}

extension MessagingProvider {
    /// `{}`: the provider does not act on webhook answers.
    public func webhookAnswer(_ reply: WebhookReply?) -> (body: Data, contentType: String) {
        (Data("{}".utf8), "application/json")
    }
}

