/// One provider deployment, as configured: which kind, where, and its credentials.
public struct ProviderConfiguration: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A name unique in the configuration (`wawp-main`); routes, logs and webhooks use it.
    public var name: String
    /// The provider kind (`wawp`, `wasup`), matched against the registered adapters.
    public var kind: String
    /// The API's base URL.
    public var baseURL: String
    /// Wawp's access token. Secret.
    public var accessToken: String?
    /// Wasup's API key. Secret.
    public var apiKey: String?
    /// Instances known up front (needed where the provider cannot list them).
    public var instances: [String]?
    /// The secret webhooks are signed or tokened with. Secret.
    public var webhookSecret: String?

    /// Creates a provider configuration.
    public init(name: String, kind: String, baseURL: String, accessToken: String? = nil, apiKey: String? = nil,
                instances: [String]? = nil, webhookSecret: String? = nil) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.accessToken = accessToken
        self.apiKey = apiKey
        self.instances = instances
        self.webhookSecret = webhookSecret
    }

    /// The configuration with secrets shown as set or not, never their values.
    public var description: String {
        func secret(_ value: String?) -> String { value == nil ? "unset" : Redaction.mask }
        return "\(name) (\(kind) at \(baseURL), accessToken \(secret(accessToken)), apiKey \(secret(apiKey)), "
            + "webhookSecret \(secret(webhookSecret)), instances \(instances ?? []))"
    }

    /// The value of a required secret, or an error naming its key.
    public func require(_ value: String?, _ key: String, at index: Int) throws(ConfigurationError) -> String {
        guard let value, !value.isEmpty else {
            throw ConfigurationError(key: "providers[\(index)].\(key)",
                                     "missing: a \(kind) provider needs it (in the file or \(SwitchboardConfiguration.environmentName(provider: name, key: key)))")
        }
        return value
    }
}
