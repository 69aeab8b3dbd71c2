import Foundation

/// Everything Switchboard needs to run: the store, routing, and the provider deployments.
///
/// Read from one JSON file (`switchboard.json` in the working directory, or the path given, or
/// `SWITCHBOARD_CONFIG`), then overridden by environment variables, so secrets can stay out of
/// the file:
///
/// | variable | overrides |
/// |---|---|
/// | `SWITCHBOARD_STORE` | `store` |
/// | `SWITCHBOARD_ROUTING_STRATEGY` | `routing.strategy` |
/// | `SWITCHBOARD_<NAME>_BASE_URL`, `SWITCHBOARD_<NAME>_INSTANCES` (comma-separated) | that provider's common key; `<NAME>` is its name upper-cased, other characters as `_` |
/// | `SWITCHBOARD_<NAME>_<KEY>` for every key its kind declares (``ProviderKind/keys``) | that provider-specific key; `<KEY>` is the key in upper snake case (``environmentName(provider:key:)``) |
///
/// The core knows only the common keys. The store, routing and the providers' common keys are
/// overridden here at load time; each provider's other `SWITCHBOARD_<NAME>_*` variables are kept
/// raw in ``ProviderConfiguration/environment`` and resolved by its kind when the adapter is built
/// (``ProviderKind/settings(for:at:)``), since only the kind knows its keys and their types.
///
/// Switching a deployment from one provider to another is an edit of this file.
public struct SwitchboardConfiguration: Hashable, Sendable, Codable {
    /// The SQLite file.
    public var store: String
    /// How instances are picked.
    public var routing: Routing
    /// The provider deployments, in configuration order (routing prefers earlier ones).
    public var providers: [ProviderConfiguration]
    /// Pacing per sending number; `nil` (no `"pacing"` key): nothing is paced.
    public var pacing: PacingConfiguration?

    /// Routing settings.
    public struct Routing: Hashable, Sendable, Codable {
        /// `first-connected` (the default), `round-robin` or `least-recently-used`.
        public var strategy: RoutingStrategy

        /// Creates routing settings.
        public init(strategy: RoutingStrategy = .firstConnected) { self.strategy = strategy }

        private enum CodingKeys: String, CodingKey { case strategy }

        /// Decodes the strategy; an unknown one is a ``ConfigurationError`` naming `routing.strategy`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let text = try container.decodeIfPresent(String.self, forKey: .strategy) else {
                strategy = .firstConnected
                return
            }
            strategy = try Self.strategy(text, key: ConfigurationPath.text(container.codingPath + [CodingKeys.strategy as any CodingKey]))
        }

        /// The strategy named `text`, or an error naming `key` and the known strategies.
        static func strategy(_ text: String, key: String) throws(ConfigurationError) -> RoutingStrategy {
            guard let strategy = RoutingStrategy(rawValue: text) else {
                throw ConfigurationError(key: key, "unknown strategy \"\(text)\" (known: \(RoutingStrategy.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return strategy
        }
    }

    /// Creates a configuration.
    public init(store: String = "switchboard.sqlite", routing: Routing = Routing(), providers: [ProviderConfiguration],
                pacing: PacingConfiguration? = nil) {
        self.store = store
        self.routing = routing
        self.providers = providers
        self.pacing = pacing
    }

    private enum CodingKeys: String, CodingKey { case store, routing, providers, pacing }

    /// Decodes with defaults for `store` and `routing`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        store = try container.decodeIfPresent(String.self, forKey: .store) ?? "switchboard.sqlite"
        routing = try container.decodeIfPresent(Routing.self, forKey: .routing) ?? Routing()
        providers = try container.decodeIfPresent([ProviderConfiguration].self, forKey: .providers) ?? []
        pacing = try container.decodeIfPresent(PacingConfiguration.self, forKey: .pacing)
    }

    /// Loads the file (explicit `path`, else `SWITCHBOARD_CONFIG`, else `switchboard.json`), applies
    /// the environment and validates. Every problem names its key.
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> SwitchboardConfiguration {
        let file = path ?? environment["SWITCHBOARD_CONFIG"] ?? "switchboard.json"
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigurationError(key: file, "cannot read the configuration file (give --config PATH or SWITCHBOARD_CONFIG)")
        }
        var configuration = try parse(data, file: file)
        try configuration.apply(environment: environment)
        try configuration.validate()
        return configuration
    }

    /// Parses JSON, turning decoding errors into messages that name the key.
    public static func parse(_ data: Data, file: String = "configuration") throws(ConfigurationError) -> SwitchboardConfiguration {
        do {
            return try JSONDecoder().decode(SwitchboardConfiguration.self, from: data)
        } catch let error as ConfigurationError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw ConfigurationError(key: path(context.codingPath + [key]), "missing")
        } catch let DecodingError.typeMismatch(type, context) {
            throw ConfigurationError(key: path(context.codingPath), "expected \(typeName(type))")
        } catch let DecodingError.valueNotFound(type, context) {
            throw ConfigurationError(key: path(context.codingPath), "expected \(typeName(type)), found null")
        } catch let DecodingError.dataCorrupted(context) {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw ConfigurationError(key: context.codingPath.isEmpty ? file : path(context.codingPath),
                                     "not valid JSON" + (underlying.map { ": \($0)" } ?? ""))
        } catch {
            throw ConfigurationError(key: file, "unreadable: \(error)")
        }
    }

    /// Overrides values from environment variables (see the type's documentation): the store, the
    /// strategy and each provider's common keys now; each provider's other `SWITCHBOARD_<NAME>_*`
    /// variables are kept in its ``ProviderConfiguration/environment`` for its kind to resolve.
    public mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        if let store = environment["SWITCHBOARD_STORE"] { self.store = store }
        if let strategy = environment["SWITCHBOARD_ROUTING_STRATEGY"] {
            routing.strategy = try Routing.strategy(strategy, key: "SWITCHBOARD_ROUTING_STRATEGY")
        }
        for index in providers.indices {
            let name = providers[index].name
            func value(_ key: String) -> String? { environment[Self.environmentName(provider: name, key: key)] }
            if let url = value("baseURL") { providers[index].baseURL = url }
            if let list = value("instances") {
                providers[index].instances = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let prefix = Self.environmentPrefix(provider: name)
            for (variable, text) in environment where variable.hasPrefix(prefix) {
                providers[index].environment[variable] = text
            }
        }
    }

    /// Checks what the core can check: the store, names, URLs. Each kind checks its own keys
    /// when it builds its adapter (``ProviderKind/settings(for:at:)``).
    public func validate() throws(ConfigurationError) {
        guard !store.isEmpty else { throw ConfigurationError(key: "store", "empty path") }
        var names = Set<String>()
        for (index, provider) in providers.enumerated() {
            guard !provider.name.isEmpty, provider.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw ConfigurationError(key: "providers[\(index)].name", "\"\(provider.name)\" must be letters, digits, - and _")
            }
            guard names.insert(provider.name).inserted else {
                throw ConfigurationError(key: "providers[\(index)].name", "\"\(provider.name)\" is used twice")
            }
            guard let url = URL(string: provider.baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host?.isEmpty == false else {
                throw ConfigurationError(key: "providers[\(index)].baseURL", "not an http(s) URL: \"\(provider.baseURL)\"")
            }
        }
        try pacing?.validate(providerNames: providers.map(\.name))
    }

    /// `SWITCHBOARD_EU_MAIN_API_KEY` for provider `eu-main`, key `apiKey`.
    public static func environmentName(provider: String, key: String) -> String {
        var snake = ""
        for character in key {
            if character.isUppercase { snake += "_" }
            snake += character.uppercased()
        }
        return environmentPrefix(provider: provider) + snake.replacingOccurrences(of: "U_R_L", with: "URL")
    }

    /// `SWITCHBOARD_EU_MAIN_` for provider `eu-main`: the start of all its variables.
    public static func environmentPrefix(provider: String) -> String {
        "SWITCHBOARD_\(provider.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined())_"
    }

    private static func path(_ keys: [any CodingKey]) -> String { ConfigurationPath.text(keys) }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is [String].Type: "an array of strings"
        case is Int.Type, is Double.Type: "a number"
        default: "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
