import Switchboard

/// One behaviour every adapter must show, as data: an id, the features it needs, and its body.
public struct ConformanceCase: Sendable {
    /// A stable dotted id (`send.image`, `errors.rate-limited`).
    public let id: String
    /// The features the adapter must declare for the case to run; otherwise it is skipped.
    public let requires: Set<Feature>
    /// Whether the case plays the phone's side through the emulator control API.
    public let needsHarness: Bool
    /// The case itself; throws ``ConformanceFailure`` (or any error) to fail.
    public let body: @Sendable (ConformanceContext) async throws -> Void

    /// Creates a case.
    public init(_ id: String, requires: Set<Feature> = [], needsHarness: Bool = true,
                body: @escaping @Sendable (ConformanceContext) async throws -> Void) {
        self.id = id
        self.requires = requires
        self.needsHarness = needsHarness
        self.body = body
    }
}

/// A case's verdict, with what went wrong.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What was expected and what happened.
    public let description: String

    /// Creates a failure.
    public init(_ description: String) { self.description = description }
}

/// Thrown by a case that cannot apply to this deployment; reported as a skip with the reason.
public struct ConformanceSkip: Error, CustomStringConvertible {
    /// Why the case does not apply.
    public let description: String

    /// Creates a skip.
    public init(_ description: String) { self.description = description }
}
