import Foundation
import Switchboard

extension WawpProvider {
    /// How configuration builds this adapter: `{"kind": "wawp", "baseURL": ..., "accessToken": ...,
    /// "instances": [...], "webhookSecret": ...}`. The access token is required; `instances` lists
    /// the instance ids Wawp cannot list itself. Handoff state is kept in memory: an app with a
    /// persistent ``HandoffStore`` builds the adapter with ``init(name:baseURL:accessToken:instances:transport:webhookSecret:handoffStore:instanceStore:startupPolling:timeout:logger:)``.
    public static let providerKind = ProviderKind(name: Wawp.kind) { configuration, index, transport throws(ConfigurationError) in
        let token = try configuration.require(configuration.accessToken, "accessToken", at: index)
        return WawpProvider(name: configuration.name, baseURL: configuration.baseURL, accessToken: token,
                            instances: configuration.instances ?? [], transport: transport,
                            webhookSecret: configuration.webhookSecret)
    }
}
