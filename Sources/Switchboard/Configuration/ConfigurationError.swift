/// Configuration that cannot be used, naming the key at fault. Never holds a secret's value.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The key path at fault (`providers[1].baseURL`), or the file for unreadable files.
    public let key: String
    /// What is wrong and, where it helps, what to do.
    public let message: String

    /// Creates an error.
    public init(key: String, _ message: String) {
        self.key = key
        self.message = Redaction.redact(message)
    }

    /// `providers[1].baseURL: not an http(s) URL: "ftp://x"`.
    public var description: String { "\(key): \(message)" }
}
