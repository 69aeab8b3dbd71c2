/// A provider's configuration after its kind checked it: the common keys, and the kind's declared
/// keys resolved from the file and the environment, each of its declared type.
///
/// Its kind's builder reads values through the declarations (`settings.string(Keys.webhookSecret)`);
/// a key the kind did not declare reads as `nil`. ``description`` and `dump` mask secret values.
/// The readers are public: an adapter outside this package (a third provider) builds itself from
/// its settings the same way.
public struct ProviderSettings: Sendable, CustomStringConvertible, CustomReflectable {
    /// The provider's configured name.
    public let name: String
    /// Its kind.
    public let kind: String
    /// Its API's base URL.
    public let baseURL: String
    /// Instances known up front; empty when none are configured.
    public let instances: [String]
    /// The provider's position in the configuration, for error keys (`providers[1]`).
    public let index: Int
    /// The kind's declared keys.
    public let keys: [ConfigurationKey]
    let values: [String: ConfigurationValue]

    /// Settings from values already checked against `keys` (``ProviderKind/settings(for:at:)`` makes them).
    init(name: String, kind: String, baseURL: String, instances: [String], index: Int,
         keys: [ConfigurationKey], values: [String: ConfigurationValue]) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.instances = instances
        self.index = index
        self.keys = keys
        self.values = values
    }

    /// The value of a declared key, or `nil` when unset or undeclared.
    public func value(_ key: ConfigurationKey) -> ConfigurationValue? {
        keys.contains(key) ? values[key.name] : nil
    }

    /// A string key's value.
    public func string(_ key: ConfigurationKey) -> String? {
        if case .string(let value)? = value(key) { value } else { nil }
    }

    /// A string-array key's value.
    public func strings(_ key: ConfigurationKey) -> [String]? {
        if case .strings(let value)? = value(key) { value } else { nil }
    }

    /// A boolean key's value.
    public func bool(_ key: ConfigurationKey) -> Bool? {
        if case .bool(let value)? = value(key) { value } else { nil }
    }

    /// A number key's value.
    public func number(_ key: ConfigurationKey) -> Double? {
        if case .number(let value)? = value(key) { value } else { nil }
    }

    /// A required string key's value; the kind already refused the provider without it, so this
    /// throws only when `key` was not declared required.
    public func requiredString(_ key: ConfigurationKey) throws(ConfigurationError) -> String {
        guard let value = string(key), !value.isEmpty else { throw missing(key) }
        return value
    }

    /// `providers[1].apiKey`: the key path errors about `key` name.
    public func path(_ key: ConfigurationKey) -> String { "\(ConfigurationPath.provider(index)).\(key.name)" }

    /// An error about `key` for the builder's own checks; `message` must not hold a secret's value.
    public func error(_ key: ConfigurationKey, _ message: String) -> ConfigurationError {
        ConfigurationError(key: path(key), message)
    }

    func missing(_ key: ConfigurationKey) -> ConfigurationError {
        error(key, "missing: the \(kind) kind needs it (in the file or \(SwitchboardConfiguration.environmentName(provider: name, key: key.name)))")
    }

    /// `main (acme at https://x, instances [], token <redacted>, webhookSecret unset)`.
    public var description: String {
        let shown = keys.map { key -> String in
            guard let value = values[key.name] else { return "\(key.name) unset" }
            return "\(key.name) \(key.isSecret ? Redaction.mask : Self.text(value))"
        }
        return "\(name) (\(kind) at \(Redaction.redact(baseURL)), instances \(instances)\(shown.map { ", " + $0 }.joined()))"
    }

    /// What `dump` and debuggers show: secrets masked.
    public var customMirror: Mirror {
        var children: [(label: String?, value: Any)] = [("name", name), ("kind", kind), ("baseURL", Redaction.redact(baseURL)),
                                                        ("instances", instances), ("index", index)]
        for key in keys {
            children.append((key.name, values[key.name].map { key.isSecret ? Redaction.mask : Self.text($0) } ?? "unset"))
        }
        return Mirror(self, children: children, displayStyle: .struct)
    }

    private static func text(_ value: ConfigurationValue) -> String {
        switch value {
        case .string(let text): "\"\(Redaction.redact(text))\""
        case .strings(let list): "\(list)"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        }
    }
}
