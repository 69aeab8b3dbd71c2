/// A control API request that cannot be carried out; answered as `{"error": message}` with `status`.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status to answer with.
    public let status: Int
    /// What went wrong.
    public let message: String

    /// Creates an error.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// A 404 for an instance the emulator does not have.
    public static func unknownInstance(_ id: String) -> ControlError {
        ControlError(status: 404, message: "unknown instance `\(id)`")
    }

    /// A 409 for a request the instance's state does not allow.
    public static func conflict(_ message: String) -> ControlError { ControlError(status: 409, message: message) }

    /// A 400 for a malformed control body.
    public static func badRequest(_ message: String) -> ControlError { ControlError(status: 400, message: message) }

    /// The message.
    public var description: String { message }
}
