import Foundation

/// Pacing in the configuration (`"pacing"`): a default, then per provider, then per number, each a
/// preset and/or explicit values. A layer without `"preset"` starts from the layer before it.
///
/// ```json
/// "pacing": {
///   "default": {"preset": "standard"},
///   "providers": {"wasup-eu": {"perMinute": 4}},
///   "numbers": {"+447700900123": {"preset": "cautious", "newConversationsPerDay": 10}}
/// }
/// ```
///
/// Keys of a layer: `preset` (``PacingPolicy/presetNames``), `perMinute`, `perHour`, `perDay`,
/// `newConversationsPerDay` (whole numbers ≥ 1, or `null` for no cap), `minGapSeconds`,
/// `maxGapSeconds`, `warmUp` (factors in (0, 1], day 1 first), `typingMsPerCharacter`,
/// `minTypingMs`, `maxTypingMs` (`typingMsPerCharacter: 0` turns the hint off). Every mistake is
/// a ``ConfigurationError`` naming the key (`pacing.numbers.+447700900123.perMinute`).
/// Without a `"pacing"` key nothing is paced.
public struct PacingConfiguration: Hashable, Sendable, Codable {
    /// The first layer; with none, the `standard` preset.
    public var defaults: PacingLayer
    /// Layers per configured provider name.
    public var providers: [String: PacingLayer]
    /// Layers per sending number, by E.164 digits.
    public var numbers: [String: PacingLayer]

    /// Creates a configuration.
    public init(defaults: PacingLayer = PacingLayer(preset: "standard"), providers: [String: PacingLayer] = [:],
                numbers: [Phone: PacingLayer] = [:]) {
        self.defaults = defaults
        self.providers = providers
        self.numbers = Dictionary(uniqueKeysWithValues: numbers.map { ($0.key.digits, $0.value) })
    }

    /// The policy of `phone` when it sends through `provider` (`nil`: the number's own provider is
    /// unknown, so only the default and the number's layer apply).
    public func policy(for phone: Phone, provider: String?) -> PacingPolicy {
        var policy = defaults.applied(to: .standard)
        if let provider, let layer = providers[provider] { policy = layer.applied(to: policy) }
        if let layer = numbers[phone.digits] { policy = layer.applied(to: policy) }
        return policy
    }

    private enum CodingKeys: String, CodingKey, CaseIterable { case `default`, providers, numbers }

    /// Decodes and checks every layer; a mistake is a ``ConfigurationError`` naming the key.
    public init(from decoder: any Decoder) throws {
        try PacingLayer.rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaults = try container.decodeIfPresent(PacingLayer.self, forKey: .default) ?? PacingLayer(preset: "standard")
        providers = try container.decodeIfPresent([String: PacingLayer].self, forKey: .providers) ?? [:]
        let numbers = try container.decodeIfPresent([String: PacingLayer].self, forKey: .numbers) ?? [:]
        var byDigits: [String: PacingLayer] = [:]
        for (text, layer) in numbers {
            let key = PacingLayer.path(container.codingPath + [CodingKeys.numbers as any CodingKey]) + "." + text
            let phone: Phone
            do { phone = try Phone(text) } catch {
                throw ConfigurationError(key: key, "not a phone number: \(error.message)")
            }
            guard byDigits.updateValue(layer, forKey: phone.digits) == nil else {
                throw ConfigurationError(key: key, "the number \(phone) is given twice")
            }
        }
        self.numbers = byDigits
    }

    /// Encodes the layers as they were given (numbers by digits).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(defaults, forKey: .default)
        try container.encode(providers, forKey: .providers)
        try container.encode(numbers, forKey: .numbers)
    }

    /// Checks that every provider layer names a configured provider.
    func validate(providerNames: [String]) throws(ConfigurationError) {
        for name in providers.keys.sorted() where !providerNames.contains(name) {
            throw ConfigurationError(key: "pacing.providers.\(name)",
                                     "no provider is named \"\(name)\" (configured: \(providerNames.joined(separator: ", ")))")
        }
    }
}

/// One layer of ``PacingConfiguration``: a preset and/or explicit values; what it leaves out comes
/// from the layer before.
public struct PacingLayer: Hashable, Sendable, Codable {
    /// A preset the layer starts from (``PacingPolicy/presetNames``).
    public var preset: String?
    /// Explicit caps: a value of `.some(nil)` removes the cap.
    public var perMinute: Int??, perHour: Int??, perDay: Int??, newConversationsPerDay: Int??
    /// Explicit gap bounds, in seconds.
    public var minGapSeconds: Double?, maxGapSeconds: Double?
    /// Explicit warm-up factors.
    public var warmUp: [Double]?
    /// Explicit typing pace, in milliseconds.
    public var typingMsPerCharacter: Double?, minTypingMs: Double?, maxTypingMs: Double?

    /// A layer of just a preset.
    public init(preset: String? = nil) { self.preset = preset }

    /// `base` (or the layer's preset) with the layer's values over it.
    public func applied(to base: PacingPolicy) -> PacingPolicy {
        var policy = preset.flatMap(PacingPolicy.preset(named:)) ?? base
        if let value = perMinute { policy.perMinute = value }
        if let value = perHour { policy.perHour = value }
        if let value = perDay { policy.perDay = value }
        if let value = newConversationsPerDay { policy.newConversationsPerDay = value }
        if let value = minGapSeconds { policy.minimumGap = .interval(value) }
        if let value = maxGapSeconds { policy.maximumGap = .interval(value) }
        policy.maximumGap = max(policy.minimumGap, policy.maximumGap)
        if let value = warmUp { policy.warmUp = value }
        if typingMsPerCharacter != nil || minTypingMs != nil || maxTypingMs != nil {
            let current = policy.typing ?? TypingPace(perCharacter: .milliseconds(40), minimum: .milliseconds(800), maximum: .seconds(5))
            let perCharacter = typingMsPerCharacter.map { Duration.interval($0 / 1000) } ?? current.perCharacter
            policy.typing = perCharacter == .zero ? nil
                : TypingPace(perCharacter: perCharacter, minimum: minTypingMs.map { .interval($0 / 1000) } ?? current.minimum,
                             maximum: maxTypingMs.map { .interval($0 / 1000) } ?? current.maximum)
        }
        return policy
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case preset, perMinute, perHour, perDay, newConversationsPerDay, minGapSeconds, maxGapSeconds, warmUp
        case typingMsPerCharacter, minTypingMs, maxTypingMs
    }

    /// Decodes a layer: a preset's name alone (`"cautious"`) or an object; checks every value.
    public init(from decoder: any Decoder) throws {
        let here = PacingLayer.path(decoder.codingPath)
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            self.init(preset: try Self.checkPreset(name, key: here))
            return
        }
        try Self.rejectUnknownKeys(in: decoder, known: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func key(_ key: CodingKeys) -> String { here.isEmpty ? key.rawValue : here + "." + key.rawValue }
        func cap(_ name: CodingKeys) throws -> Int?? {
            guard container.contains(name) else { return nil }
            if try container.decodeNil(forKey: name) { return .some(nil) }
            guard let value = try? container.decode(Double.self, forKey: name), value >= 1, value == value.rounded(), value < 1e9 else {
                throw ConfigurationError(key: key(name), "must be a whole number of at least 1, or null for no cap")
            }
            return .some(Int(value))
        }
        func seconds(_ name: CodingKeys, upTo limit: Double) throws -> Double? {
            guard container.contains(name) else { return nil }
            guard let value = try? container.decode(Double.self, forKey: name), value >= 0, value <= limit else {
                throw ConfigurationError(key: key(name), "must be a number from 0 to \(Int(limit))")
            }
            return value
        }
        self.init()
        if container.contains(.preset) {
            guard let name = try? container.decode(String.self, forKey: .preset) else {
                throw ConfigurationError(key: key(.preset), "must be one of \(PacingPolicy.presetNames.joined(separator: ", "))")
            }
            preset = try Self.checkPreset(name, key: key(.preset))
        }
        perMinute = try cap(.perMinute)
        perHour = try cap(.perHour)
        perDay = try cap(.perDay)
        newConversationsPerDay = try cap(.newConversationsPerDay)
        minGapSeconds = try seconds(.minGapSeconds, upTo: 3600)
        maxGapSeconds = try seconds(.maxGapSeconds, upTo: 3600)
        if let low = minGapSeconds, let high = maxGapSeconds, high < low {
            throw ConfigurationError(key: key(.maxGapSeconds), "must not be less than minGapSeconds (\(low))")
        }
        if container.contains(.warmUp) {
            guard let factors = try? container.decode([Double].self, forKey: .warmUp), factors.count <= 90,
                  factors.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
                throw ConfigurationError(key: key(.warmUp), "must be an array of at most 90 factors, each above 0 and at most 1 (day 1 first)")
            }
            warmUp = factors
        }
        typingMsPerCharacter = try seconds(.typingMsPerCharacter, upTo: 1000)
        minTypingMs = try seconds(.minTypingMs, upTo: 60_000)
        maxTypingMs = try seconds(.maxTypingMs, upTo: 60_000)
        if let low = minTypingMs, let high = maxTypingMs, high < low {
            throw ConfigurationError(key: key(.maxTypingMs), "must not be less than minTypingMs (\(Int(low)))")
        }
    }

    /// Encodes the values the layer sets.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(preset, forKey: .preset)
        for (key, value) in [(CodingKeys.perMinute, perMinute), (.perHour, perHour), (.perDay, perDay),
                             (.newConversationsPerDay, newConversationsPerDay)] {
            if let value { if let cap = value { try container.encode(cap, forKey: key) } else { try container.encodeNil(forKey: key) } }
        }
        try container.encodeIfPresent(minGapSeconds, forKey: .minGapSeconds)
        try container.encodeIfPresent(maxGapSeconds, forKey: .maxGapSeconds)
        try container.encodeIfPresent(warmUp, forKey: .warmUp)
        try container.encodeIfPresent(typingMsPerCharacter, forKey: .typingMsPerCharacter)
        try container.encodeIfPresent(minTypingMs, forKey: .minTypingMs)
        try container.encodeIfPresent(maxTypingMs, forKey: .maxTypingMs)
    }

    static func checkPreset(_ name: String, key: String) throws(ConfigurationError) -> String {
        guard PacingPolicy.preset(named: name) != nil else {
            throw ConfigurationError(key: key, "unknown preset \"\(name)\" (known: \(PacingPolicy.presetNames.joined(separator: ", ")))")
        }
        return name
    }

    /// Throws a ``ConfigurationError`` naming the first key of the object that is not `known`.
    static func rejectUnknownKeys(in decoder: any Decoder, known: [String]) throws {
        guard let container = try? decoder.container(keyedBy: AnyKey.self) else { return }
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            let here = PacingLayer.path(decoder.codingPath)
            throw ConfigurationError(key: here.isEmpty ? key.stringValue : here + "." + key.stringValue,
                                     "unknown key (known: \(known.joined(separator: ", ")))")
        }
    }

    /// A key path as errors show it, with dictionary keys as written (`pacing.numbers.+447700900111`):
    /// a number's key parses as an integer, yet is not an array index.
    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { text, key in
            if let index = key.intValue, key.stringValue == "Index \(index)" { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
