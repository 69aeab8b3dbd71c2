/// One provider-specific configuration key, as its ``ProviderKind`` declares it.
///
/// The declaration is all the core needs: it checks the file's value against ``type`` and
/// ``allowedValues``, refuses the provider when a ``isRequired`` key is missing, masks
/// ``isSecret`` values in descriptions and errors, and reads the `SWITCHBOARD_<NAME>_<KEY>`
/// override (``SwitchboardConfiguration/environmentName(provider:key:)``). Adding a key to an
/// adapter is one more declaration in its kind's ``ProviderKind/keys`` and one read in its builder:
///
/// ```swift
/// static let webhookSecret = ConfigurationKey("webhookSecret", .string, secret: true,
///                                             "The key webhooks are signed with.")
/// ```
public struct ConfigurationKey: Hashable, Sendable, CustomStringConvertible {
    /// The key in the provider's JSON object (`apiKey`); its environment override is derived from it.
    public let name: String
    /// The type its value must have.
    public let type: ConfigurationValueType
    /// Whether the provider cannot be built without it. An empty string counts as missing.
    public let isRequired: Bool
    /// Whether the value is a credential: never shown in descriptions, errors, logs or dumps.
    public let isSecret: Bool
    /// For string keys, the only values accepted; empty accepts any.
    public let allowedValues: [String]
    /// One line saying what it is, for people writing the file.
    public let documentation: String

    /// Declares a key.
    ///
    /// - Parameters:
    ///   - name: The key in the provider's JSON object.
    ///   - type: The type its value must have.
    ///   - required: Whether the provider needs it.
    ///   - secret: Whether it is a credential (masked everywhere).
    ///   - allowedValues: For a string, the only values accepted (an enumeration); empty for any.
    ///   - documentation: One line saying what it is.
    public init(_ name: String, _ type: ConfigurationValueType, required: Bool = false, secret: Bool = false,
                allowedValues: [String] = [], _ documentation: String) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.isSecret = secret
        self.allowedValues = allowedValues
        self.documentation = documentation
    }

    /// `apiKey (string, required, secret): The key sent as X-API-Key.`
    public var description: String {
        let traits = [type.rawValue] + (isRequired ? ["required"] : []) + (isSecret ? ["secret"] : [])
            + (allowedValues.isEmpty ? [] : ["one of " + allowedValues.joined(separator: ", ")])
        return "\(name) (\(traits.joined(separator: ", "))): \(documentation)"
    }
}
