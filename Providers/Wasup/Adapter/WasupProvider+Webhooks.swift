import Foundation
import Switchboard

extension WasupProvider {
    /// `PUT .../webhook` with `webhookUrl`: `url` plus the instance's `sb_instance` and `sb_token`
    /// parameters (see ``verifyWebhook(_:)``).
    public func setWebhook(_ id: String, url: String) async throws(SwitchboardError) {
        try capabilities.require(.webhookSet)
        try await putWebhook(id, url: url)
    }

    /// `POST .../webhook/test`: Wasup posts a sample message to the instance's webhook.
    ///
    /// Wasup answers 200 with `success: false` when the receiver could not be reached; that is
    /// `SwitchboardError/Kind/upstreamUnavailable` carrying the receiver's error. No webhook
    /// configured is Wasup's 400, `SwitchboardError/Kind/invalidRequest`.
    public func testWebhook(_ id: String) async throws(SwitchboardError) {
        try capabilities.require(.webhookTest)
        let reply = try await client.call(.post, WasupClient.instancePath(id, "/webhook/test"),
                                          options: .init(allowsUnsuccessful: true))
        guard let json = reply.json else { throw invalid("webhook test answered without a body", status: reply.status) }
        guard json["success"]?.bool == true else {
            let detail = [json["message"]?.nonEmptyString, json["error"]?.nonEmptyString, json["responseStatus"]?.int.map { "receiver answered \($0)" }]
                .compactMap { $0 }.joined(separator: ": ")
            throw SwitchboardError.upstreamUnavailable(client.apiKey.scrub(detail.isEmpty ? "webhook test failed" : detail))
                .from(provider: name, httpStatus: reply.status)
        }
    }

    /// Under ``WasupWebhookPolicy/requireToken`` (the default), accepts a delivery only when its
    /// URL carries `sb_instance` and the matching `sb_token` (HMAC-SHA256 of the instance id under
    /// the webhook secret, compared in constant time), and the body, when it names an instance
    /// (`webhook_id`), names the same one; without a webhook secret every delivery is rejected.
    /// Under ``WasupWebhookPolicy/acceptUnsigned`` a delivery without a token is accepted, and one
    /// with a token is checked as above. Throws `SwitchboardError/Kind/unauthorized`.
    public func verifyWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) {
        let presented = delivery.queryItem(WasupWebhookToken.tokenParameter).map { !$0.isEmpty } ?? false
        if webhookPolicy == .acceptUnsigned && !presented { return }
        guard let webhookToken else {
            throw SwitchboardError.unauthorized("no webhook secret is configured for \(name): cannot verify deliveries "
                                                + "(set webhookSecret, or accept unsigned deliveries)").from(provider: name)
        }
        guard let instance = delivery.queryItem(WasupWebhookToken.instanceParameter), !instance.isEmpty,
              let token = delivery.queryItem(WasupWebhookToken.tokenParameter), !token.isEmpty else {
            throw SwitchboardError.unauthorized("webhook delivery without the instance token: its URL was set outside Switchboard "
                                                + "(run `switchboard webhook set`)").from(provider: name)
        }
        guard webhookToken.isValid(token, for: instance) else {
            throw SwitchboardError.unauthorized("webhook delivery with a wrong token").from(provider: name)
        }
        for payload in WasupWebhookDecoder.payloads(in: delivery.body) {
            if let claimed = payload["webhook_id"]?.nonEmptyString, claimed != instance {
                throw SwitchboardError.unauthorized("webhook delivery names instance \(claimed) on another instance's URL")
                    .from(provider: name)
            }
        }
    }

    /// The neutral events in a delivery; see `WasupWebhookDecoder`.
    public func decodeWebhook(_ delivery: WebhookDelivery) throws(SwitchboardError) -> [InboundEvent] {
        try WasupWebhookDecoder(provider: name).decode(delivery)
    }

    /// `PUT .../webhook` with the URL made verifiable.
    func putWebhook(_ id: String, url: String) async throws(SwitchboardError) {
        _ = try await client.call(.put, WasupClient.instancePath(id, "/webhook"),
                                  body: ["webhookUrl": .string(webhookURL(url, instance: id))])
    }

    /// `url` with the instance's token parameters, or as given without a webhook secret. An empty
    /// URL stays empty: Wasup reads it as "use the global default".
    func webhookURL(_ url: String, instance: String) -> String {
        guard let webhookToken, !url.isEmpty else { return url }
        return webhookToken.url(url, instance: instance)
    }

    /// Why deliveries for these instances will be refused, or accepted unverified, under the
    /// current ``webhookPolicy``: one line per problem, empty when every instance's registered URL
    /// carries its token. Reads each instance's webhook (`GET .../webhook`); an instance that
    /// cannot be read is reported, not thrown.
    public func webhookWarnings(_ instances: [String]) async -> [String] {
        if webhookPolicy == .acceptUnsigned {
            return ["\(name): accepting unsigned webhook deliveries (policy acceptUnsigned): anyone who knows the URL can post events"]
        }
        guard let webhookToken else {
            return ["\(name): every delivery will be refused: no webhookSecret is configured to verify the per-instance token"]
        }
        var warnings: [String] = []
        for id in instances {
            do {
                let reply = try await client.call(.get, WasupClient.instancePath(id, "/webhook"))
                let url = reply.json?.first("instanceWebhookUrl", "webhookUrl")?.nonEmptyString
                guard let url else {
                    warnings.append("\(name)/\(id): no instance webhook URL; deliveries to the global default carry no token and will be refused")
                    continue
                }
                let delivery = WebhookDelivery(target: url, body: Data())
                guard let token = delivery.queryItem(WasupWebhookToken.tokenParameter),
                      delivery.queryItem(WasupWebhookToken.instanceParameter) == id, webhookToken.isValid(token, for: id) else {
                    warnings.append("\(name)/\(id): its webhook URL was set outside Switchboard, without a valid token; "
                                    + "deliveries will be refused until `switchboard webhook set \(id)` re-registers it")
                    continue
                }
            } catch {
                warnings.append("\(name)/\(id): could not read its webhook (\(error))")
            }
        }
        return warnings
    }
}
