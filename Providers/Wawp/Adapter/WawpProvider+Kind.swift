import Switchboard

extension WawpProvider {
    /// How configuration builds this adapter: `{"kind": "wawp", "baseURL": ..., "accessToken": ...,
    /// "instances": [...], "webhookSecret": ...}`. The access token is required; `instances` lists
    /// the ids Wawp cannot list itself, with those the environment's instance store knows. Handoff
    /// state is kept in the environment's store, since Wawp has no handoff of its own.
    public static let providerKind = ProviderKind(name: Wawp.kind) { configuration, index, environment throws(ConfigurationError) in
        let token = try configuration.require(configuration.accessToken, "accessToken", at: index)
        return WawpProvider(name: configuration.name, baseURL: configuration.baseURL, accessToken: token,
                            instances: configuration.instances ?? [], transport: environment.transport,
                            webhookSecret: configuration.webhookSecret, store: environment.store)
    }
}
