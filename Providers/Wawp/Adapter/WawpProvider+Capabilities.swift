import Switchboard

extension WawpProvider {
    /// What Wawp can do, feature by feature, as its OpenAPI document describes it.
    ///
    /// - Provided by Wawp: create, delete, QR and code pairing, logout, profile name/about/picture,
    ///   text, link preview, image, video, voice note, document (PDF), location, contact, list, poll,
    ///   reply-to, reactions, typing on demand and as a send hint, seen, message history, LID lookups,
    ///   delivery receipts and session status in webhooks (`message.ack`, `session.status`);
    ///   `Feature/webhookSignature` when a webhook secret is configured (Wawp signs with HMAC-SHA512).
    /// - Provided by the library: `Feature/handoff` (Wawp has none; state in the `HandoffStore`) and
    ///   `Feature/instancesList` (Wawp cannot list: the adapter asks each known instance).
    /// - Degraded (only when `OutboundMessage/allowsDegradation`): buttons go out as a numbered text
    ///   list, and audio as a voice note, since Wawp has neither a buttons nor an audio-file endpoint.
    /// - Not supported: `Feature/instancesUpdate`, `Feature/webhookSet` and `Feature/webhookTest`
    ///   (Wawp keeps names and webhooks in its dashboard).
    public static func capabilities(webhookSignature: Bool) -> Capabilities {
        let provided: Set<Feature> = [
            .instancesCreate, .instancesDelete,
            .pairingQR, .pairingCode, .logout,
            .profileName, .profileAbout, .profilePicture,
            .sendText, .sendLinkPreview, .sendImage, .sendVideo, .sendVoiceNote, .sendDocument,
            .sendLocation, .sendContact, .sendList, .sendPoll, .replyTo,
            .reactions, .typing, .typingHint, .markSeen, .messageHistory, .lidLookup,
            .inboundAcks, .inboundStatus,
        ]
        return Capabilities(
            provider: provided.union(webhookSignature ? [.webhookSignature] : []),
            library: [.handoff, .instancesList],
            degraded: [.sendButtons, .sendAudio]
        )
    }
}
