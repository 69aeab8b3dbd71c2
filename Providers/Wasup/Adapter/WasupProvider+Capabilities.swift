import Switchboard

extension WasupProvider {
    /// What Wasup can do, feature by feature, as its OpenAPI document describes it.
    ///
    /// - Provided by Wasup: instances (create, list, update, delete), QR and code pairing, logout
    ///   (`clear-auth`), profile name/about/picture, text, link preview (WhatsApp builds the card from
    ///   the URL in the text), image, video, audio, voice note (`ptt`), document, location, contact,
    ///   buttons, list, reactions, the typing hint (`typingSimulation`), message history, handoff,
    ///   webhook set and test.
    /// - Provided by the library: `Feature/webhookSignature`, as a per-instance token in the
    ///   webhook URL (only when a webhook secret is configured).
    /// - Degraded (only when `OutboundMessage/allowsDegradation`): polls go out as numbered text,
    ///   and a reply-to goes out without the quote, since `SendMessageBody` has neither.
    /// - Not supported: `Feature/typing` on demand and `Feature/markSeen` (no endpoint), and
    ///   `Feature/lidLookup`.
    public static func capabilities(webhookVerification: Bool) -> Capabilities {
        Capabilities(
            provider: [
                .instancesCreate, .instancesList, .instancesUpdate, .instancesDelete,
                .pairingQR, .pairingCode, .logout,
                .profileName, .profileAbout, .profilePicture,
                .sendText, .sendLinkPreview, .sendImage, .sendVideo, .sendAudio, .sendVoiceNote,
                .sendDocument, .sendLocation, .sendContact, .sendButtons, .sendList,
                .reactions, .typingHint, .messageHistory, .handoff, .webhookSet, .webhookTest,
            ],
            library: webhookVerification ? [.webhookSignature] : [],
            degraded: [.sendPoll, .replyTo]
        )
    }
}
