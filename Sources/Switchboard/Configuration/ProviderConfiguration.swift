/// One provider deployment, as configured: the keys every provider has, and the rest of its JSON
/// object kept as written for its kind to read.
///
/// The core names no provider's fields. `name`, `kind`, `baseURL` and `instances` are common;
/// every other key of the object lands in ``values`` (strings, arrays of strings, booleans,
/// numbers), and the kind's declared ``ProviderKind/keys`` say which it reads, of what type, which
/// are required and which are secret. The kind checks them when it builds the adapter
/// (``ProviderKind/settings(for:at:)``), because only it knows them.
///
/// Environment overrides of those keys follow the same split: ``SwitchboardConfiguration/load(path:environment:)``
/// applies the common keys' overrides at once and keeps this provider's raw `SWITCHBOARD_<NAME>_*`
/// variables in ``environment``; the kind resolves them against its declared keys when it builds
/// the adapter, so an override of a declared secret wins over the file, and one for a key the kind
/// does not declare is ignored.
public struct ProviderConfiguration: Hashable, Sendable, Codable, CustomStringConvertible, CustomReflectable {
    /// A name unique in the configuration (`main`); routes, logs and webhooks use it.
    public var name: String
    /// The provider kind, matched against the registered kinds' ``ProviderKind/name``.
    public var kind: String
    /// The API's base URL.
    public var baseURL: String
    /// Instances known up front (needed where the provider cannot list them).
    public var instances: [String]?
    /// Every other key of the provider's JSON object, as written. Secrets among them are the
    /// kind's to name, so ``description`` shows none of these values.
    public var values: [String: ConfigurationValue]
    /// This provider's `SWITCHBOARD_<NAME>_*` environment variables, kept at load time and resolved
    /// against the kind's declared keys when it builds the adapter. Never encoded or described.
    public var environment: [String: String]

    /// The keys every provider has; any other key is provider-specific.
    public static let commonKeys: Set<String> = ["name", "kind", "baseURL", "instances"]

    /// Creates a provider configuration.
    ///
    /// - Parameters:
    ///   - values: The provider-specific keys (`["webhookSecret": "..."]`); see the kind's
    ///     ``ProviderKind/keys``.
    ///   - environment: Environment variables to resolve the kind's keys from (normally filled by
    ///     ``SwitchboardConfiguration/apply(environment:)``).
    public init(name: String, kind: String, baseURL: String, instances: [String]? = nil,
                values: [String: ConfigurationValue] = [:], environment: [String: String] = [:]) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.instances = instances
        self.values = values
        self.environment = environment
    }

    /// The provider-specific value of `key`, as written in the file.
    public subscript(key: String) -> ConfigurationValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes the common keys, then every other key as a ``ConfigurationValue``; `null` counts as absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        name = try container.decode(String.self, forKey: Key("name"))
        kind = try container.decode(String.self, forKey: Key("kind"))
        baseURL = try container.decode(String.self, forKey: Key("baseURL"))
        instances = try container.decodeIfPresent([String].self, forKey: Key("instances"))
        var values: [String: ConfigurationValue] = [:]
        for key in container.allKeys where !Self.commonKeys.contains(key.stringValue) {
            if try container.decodeNil(forKey: key) { continue }
            values[key.stringValue] = try container.decode(ConfigurationValue.self, forKey: key)
        }
        self.values = values
        environment = [:]
    }

    /// Encodes the same shape it reads; ``environment`` stays out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: Key("name"))
        try container.encode(kind, forKey: Key("kind"))
        try container.encode(baseURL, forKey: Key("baseURL"))
        try container.encodeIfPresent(instances, forKey: Key("instances"))
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where !Self.commonKeys.contains(key) {
            try container.encode(value, forKey: Key(key))
        }
    }

    /// `main (acme at https://x, instances [A], set: token, webhookSecret)`: which
    /// provider-specific keys are set, never their values (only the kind knows which are secret).
    public var description: String {
        let set = values.keys.sorted().joined(separator: ", ")
        return "\(name) (\(kind) at \(Redaction.redact(baseURL)), instances \(instances ?? []), set: \(set.isEmpty ? "none" : set))"
    }

    /// What `dump` and debuggers show: the common keys and the names of the others, no values.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "kind": kind, "baseURL": Redaction.redact(baseURL), "instances": instances ?? [],
                                "keys": values.keys.sorted(), "environment": environment.keys.sorted()],
               displayStyle: .struct)
    }
}
