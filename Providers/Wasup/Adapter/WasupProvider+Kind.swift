import Foundation
import Switchboard

extension WasupProvider {
    /// How configuration builds this adapter: `{"kind": "wasup", "baseURL": ..., "apiKey": ...,
    /// "webhookSecret": ...}`. The API key is required.
    public static let providerKind = ProviderKind(name: Wasup.kind) { configuration, index, environment throws(ConfigurationError) in
        let key = try configuration.require(configuration.apiKey, "apiKey", at: index)
        return WasupProvider(name: configuration.name, baseURL: configuration.baseURL, apiKey: key,
                             transport: environment.transport, webhookSecret: configuration.webhookSecret,
                             sentStore: environment.store)
    }

    /// Wasup acts on the webhook answer: `{"reply": "..."}` sends that text back to the chat,
    /// `{"skip": true}` suppresses its own automation for the message.
    public func webhookAnswer(_ reply: WebhookReply?) -> (body: Data, contentType: String) {
        let object: [String: any Sendable] = switch reply {
        case .reply(let text)?: ["reply": text]
        case .skip?: ["skip": true]
        case nil: [:]
        }
        return ((try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8), "application/json")
    }
}
