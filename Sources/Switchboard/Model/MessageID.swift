/// A message id as the provider gave it. Opaque: pass it back to the same provider to react to,
/// reply to or mark the message.
public struct MessageID: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The provider's id text.
    public let rawValue: String

    /// Wraps a provider's id.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The id proper, for comparing: the last part of a serialized `true_<chat>_<id>` (or
    /// `false_<chat>_<id>_<participant>`) form, else the whole text. Two names of one message
    /// (short and serialized) have the same key.
    public var comparable: String {
        guard rawValue.hasPrefix("true_") || rawValue.hasPrefix("false_") else { return rawValue }
        let parts = rawValue.split(separator: "_", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[1].contains("@"), !parts[2].isEmpty else { return rawValue }
        return String(parts[2])
    }

    /// Whether both name the same message (by ``comparable``).
    public func sameMessage(as other: MessageID) -> Bool { comparable == other.comparable }
}
