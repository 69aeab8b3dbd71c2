import Foundation
import Switchboard

extension WasupProvider {
    /// The provider-specific configuration keys a Wasup provider reads, besides the common `name`,
    /// `kind` and `baseURL`. Each can be overridden by `SWITCHBOARD_<NAME>_<KEY>`
    /// (`SWITCHBOARD_WASUP_EU_API_KEY`).
    public enum ConfigurationKeys {
        /// `apiKey`: required, secret.
        public static let apiKey = ConfigurationKey("apiKey", .string, required: true, secret: true,
                                                    "The deployment's API key, sent as X-API-Key.")
        /// `webhookSecret`: optional, secret.
        public static let webhookSecret = ConfigurationKey("webhookSecret", .string, secret: true,
                                                           "Derives each instance's webhook token; without it every delivery is rejected.")
        /// `sendRoute`: optional, `instance` (the default) or `autoSelectByPhone`.
        public static let sendRoute = ConfigurationKey("sendRoute", .string, allowedValues: [SendRoute.instance.rawValue, SendRoute.autoSelectByPhone.rawValue],
                                                       "How sends are routed (see WasupProvider.SendRoute); instance unless you need message ids.")
        /// Every key, in the order they are documented.
        public static let all = [apiKey, webhookSecret, sendRoute]
    }

    /// How configuration builds this adapter: `{"kind": "wasup", "baseURL": ..., "apiKey": ...,
    /// "webhookSecret": ...}` (see ``ConfigurationKeys``).
    public static let providerKind = ProviderKind(name: Wasup.kind, keys: ConfigurationKeys.all) { settings, environment throws(ConfigurationError) in
        WasupProvider(name: settings.name, baseURL: settings.baseURL, apiKey: try settings.requiredString(ConfigurationKeys.apiKey),
                      transport: environment.transport, webhookSecret: settings.string(ConfigurationKeys.webhookSecret),
                      sendRoute: settings.string(ConfigurationKeys.sendRoute).flatMap(SendRoute.init(rawValue:)) ?? .instance,
                      sentStore: environment.store)
    }

    /// Wasup acts on the webhook answer: `{"reply": "..."}` sends that text back to the chat,
    /// `{"skip": true}` suppresses its own automation for the message.
    public func webhookAnswer(_ reply: WebhookReply?) -> (body: Data, contentType: String) {
        // Written by the adapters' JSON writer: `JSONSerialization` was a twentieth of a whole
        // ingress delivery (issue 17).
        let object: WasupJSON = switch reply {
        case .reply(let text)?: ["reply": .string(text)]
        case .skip?: ["skip": true]
        case nil: .object(WasupJSON.Object())
        }
        return (object.data, "application/json")
    }
}
