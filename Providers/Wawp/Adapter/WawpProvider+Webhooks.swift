import Foundation
import Switchboard

extension WawpProvider {
    /// Unsupported: Wawp sets webhook URLs in its dashboard only.
    public func setWebhook(_ id: String, url: String) async throws(SwitchboardError) {
        try require(.webhookSet)
    }

    /// Unsupported: Wawp has no test delivery.
    public func testWebhook(_ id: String) async throws(SwitchboardError) {
        try require(.webhookTest)
    }

    /// Accepts a delivery only when it is signed (with a webhook secret configured) and fresh (sent
    /// within 5 minutes); see ``WawpWebhookVerifier``. Throws ``SwitchboardError/Kind/unauthorized``.
    /// A replayed delivery passes here and is dropped as a duplicate by `WebhookIngress`.
    public func verifyWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) {
        try webhookVerifier.verify(delivery)
    }

    /// The neutral events in a delivery; see ``WawpWebhookDecoder``.
    ///
    /// Handoff resumes here: an operator's message from the phone (`fromMe`, not sent through the
    /// API) to a chat in handoff that starts with one of the instance's resume keywords gives the
    /// chat back to automation, and the resume message, if one is set, is sent to the chat in the
    /// background.
    public func decodeWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent] {
        let decoded = try WawpWebhookDecoder(provider: name, instanceForSession: known.instance(forSession:)).decode(delivery.body)
        for item in decoded {
            // `source: "api"` marks a message this library (or another API client) sent, not an operator.
            if case .message(let message) = item.event.body, message.fromMe, item.payload["source"]?.string != "api" {
                try applyResumeKeyword(message, instance: item.event.instance)
            }
        }
        return decoded.map(\.event)
    }

    private func applyResumeKeyword(_ message: Message, instance: String) throws(SwitchboardError) {
        let scope = scope(instance)
        guard let text = message.text, try handoffStore.handoff(for: message.chat, in: scope) != nil else { return }
        let settings = try handoffStore.settings(in: scope)
        guard let keyword = settings.resumeKeyword(in: text) else { return }
        guard try handoffStore.setHandoff(false, for: message.chat, in: scope, at: Date()) else { return }
        logger.debug("wawp handoff resumed", metadata: ["provider": "\(name)", "instance": "\(instance)", "keyword": "\(keyword)"])
        guard let resume = settings.resumeMessage, !resume.isEmpty else { return }
        let chat = message.chat
        Task { [self] in
            do {
                _ = try await send(.text(resume, to: chat), from: instance)
            } catch {
                logger.warning("wawp resume message not sent", metadata: ["provider": "\(name)", "instance": "\(instance)", "error": "\(error)"])
            }
        }
    }
}
