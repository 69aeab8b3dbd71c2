/// How to build an adapter from its configuration. Each adapter module offers one
/// (`providerKind` on its provider type); a third provider adds its own, and nothing in the core
/// changes.
///
/// A kind declares the provider-specific keys it reads (``keys``). From those declarations
/// ``settings(for:at:)`` checks a ``ProviderConfiguration``, and only then does ``make(_:_:_:)``
/// call the kind's builder with the resolved ``ProviderSettings``:
///
/// - a key in the file that the kind does not declare is refused (`providers[1].apikey: unknown key`);
/// - a value of the wrong type is refused without showing it (`providers[1].apiKey: expected a string, found a number`);
/// - a required key missing from both the file and the environment is refused;
/// - `SWITCHBOARD_<NAME>_<KEY>` (``SwitchboardConfiguration/environmentName(provider:key:)``)
///   overrides each declared key. The variables were kept raw at load time in
///   ``ProviderConfiguration/environment``, because only the kind knows its keys and their types;
///   they are read here, when the adapter is built.
public struct ProviderKind: Sendable {
    /// The `kind` value it serves in configuration.
    public let name: String
    /// The provider-specific keys it reads, besides the common `name`, `kind`, `baseURL` and `instances`.
    public let keys: [ConfigurationKey]
    /// Builds the adapter from checked settings; may throw its own ``ConfigurationError``.
    public let build: @Sendable (_ settings: ProviderSettings, _ environment: ProviderEnvironment) throws(ConfigurationError) -> any MessagingProvider

    /// Creates a kind.
    ///
    /// - Parameters:
    ///   - name: The `kind` value it serves.
    ///   - keys: The provider-specific keys it reads.
    ///   - build: Builds the adapter from settings already checked against `keys`.
    public init(name: String, keys: [ConfigurationKey],
                build: @escaping @Sendable (ProviderSettings, ProviderEnvironment) throws(ConfigurationError) -> any MessagingProvider) {
        self.name = name
        self.keys = keys
        self.build = build
    }

    /// Checks `configuration` against ``keys`` and builds the adapter; `index` is the provider's
    /// position in the configuration, for error keys.
    public func make(_ configuration: ProviderConfiguration, _ index: Int,
                     _ environment: ProviderEnvironment) throws(ConfigurationError) -> any MessagingProvider {
        try build(try settings(for: configuration, at: index), environment)
    }

    /// The configuration checked against ``keys``, with the environment overrides applied: one
    /// ``ConfigurationError`` naming the first key at fault, never showing a value.
    public func settings(for configuration: ProviderConfiguration, at index: Int) throws(ConfigurationError) -> ProviderSettings {
        let provider = ConfigurationPath.provider(index)
        guard configuration.kind == name else {
            throw ConfigurationError(key: "\(provider).kind", "\"\(configuration.kind)\" given to the \(name) kind")
        }
        let declared = Set(keys.map(\.name))
        if let unknown = configuration.values.keys.sorted().first(where: { !declared.contains($0) }) {
            let near = keys.first { $0.name.lowercased() == unknown.lowercased() }.map { " (did you mean \($0.name)?)" } ?? ""
            let known = (["baseURL", "instances"] + keys.map(\.name)).joined(separator: ", ")
            throw ConfigurationError(key: "\(provider).\(unknown)", "unknown key for kind \(name)\(near) (known: \(known))")
        }
        var values: [String: ConfigurationValue] = [:]
        for key in keys {
            let variable = SwitchboardConfiguration.environmentName(provider: configuration.name, key: key.name)
            var value = configuration.values[key.name]
            var source = "\(provider).\(key.name)"
            if let text = configuration.environment[variable] {
                guard let parsed = key.type.parse(environment: text) else {
                    throw ConfigurationError(key: variable, "expected \(key.type.phrase) (it overrides \(source))")
                }
                value = parsed
                source = variable
            }
            if let found = value {
                guard found.type == key.type else {
                    throw ConfigurationError(key: source, "expected \(key.type.phrase), found \(found.type.phrase)")
                }
                if case .string(let text) = found, !key.allowedValues.isEmpty, !key.allowedValues.contains(text) {
                    let shown = key.isSecret ? "the value" : "\"\(text)\""
                    throw ConfigurationError(key: source, "\(shown) is not one of \(key.allowedValues.joined(separator: ", "))")
                }
                if case .string(let text) = found, text.isEmpty, !key.isRequired { continue }
                values[key.name] = found
            }
        }
        let settings = ProviderSettings(name: configuration.name, kind: configuration.kind, baseURL: configuration.baseURL,
                                        instances: configuration.instances ?? [], index: index, keys: keys, values: values)
        for key in keys where key.isRequired {
            let present: Bool = switch values[key.name] {
            case .string(let text)?: !text.isEmpty
            case .strings(let list)?: !list.isEmpty
            case nil: false
            default: true
            }
            guard present else { throw settings.missing(key) }
        }
        return settings
    }

    /// The declared key of that name, if any.
    public func key(_ name: String) -> ConfigurationKey? { keys.first { $0.name == name } }

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
