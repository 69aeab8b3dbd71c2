import Foundation
import Switchboard

extension WasupProvider {
    /// How configuration builds this adapter: `{"kind": "wasup", "baseURL": ..., "apiKey": ...,
    /// "webhookSecret": ...}`. The API key is required.
    public static let providerKind = ProviderKind(name: Wasup.kind) { configuration, index, transport throws(ConfigurationError) in
        let key = try configuration.require(configuration.apiKey, "apiKey", at: index)
        return WasupProvider(name: configuration.name, baseURL: configuration.baseURL, apiKey: key,
                             transport: transport, webhookSecret: configuration.webhookSecret)
    }

}
