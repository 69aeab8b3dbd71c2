/// How to build an adapter from its configuration. Each adapter module offers one
/// (`WasupProvider.providerKind`, `WawpProvider.providerKind`); a third provider adds its own, and nothing in the
/// core changes.
public struct ProviderKind: Sendable {
    /// The `kind` value it serves in configuration (`wasup`).
    public let name: String
    /// Builds the adapter; `index` is the provider's position in the configuration, for error keys.
    public let make: @Sendable (_ configuration: ProviderConfiguration, _ index: Int, _ environment: ProviderEnvironment) throws(ConfigurationError) -> any MessagingProvider

    /// Creates a kind.
    public init(name: String,
                make: @escaping @Sendable (ProviderConfiguration, Int, ProviderEnvironment) throws(ConfigurationError) -> any MessagingProvider) {
        self.name = name
        self.make = make
    }

    /// Builds every configured provider with the kinds given; an unknown kind names its key.
    public static func makeProviders(_ configuration: SwitchboardConfiguration, kinds: [ProviderKind],
                                     environment: ProviderEnvironment) throws(ConfigurationError) -> [any MessagingProvider] {
        var providers: [any MessagingProvider] = []
        for (index, provider) in configuration.providers.enumerated() {
            guard let kind = kinds.first(where: { $0.name == provider.kind }) else {
                throw ConfigurationError(key: "providers[\(index)].kind",
                                         "unknown kind \"\(provider.kind)\" (known: \(kinds.map(\.name).joined(separator: ", ")))")
            }
            providers.append(try kind.make(provider, index, environment))
        }
        return providers
    }
}

/// What adapters share: the transport, and the store where they keep what must survive a
/// restart (instance ids of providers that cannot list them, instance aliases, sent message ids).
public struct ProviderEnvironment: Sendable {
    /// The HTTP transport every adapter sends through.
    public var transport: any HTTPTransport
    /// The store the client uses; adapters use its instance, alias and sent-message parts.
    public var store: any Store

    /// Creates an environment.
    public init(transport: any HTTPTransport, store: any Store) {
        self.transport = transport
        self.store = store
    }
}
