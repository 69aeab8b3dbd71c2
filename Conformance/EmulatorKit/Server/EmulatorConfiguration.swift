/// Settings of an ``EmulatorServer``.
public struct EmulatorConfiguration: Sendable {
    /// Largest request body accepted; a larger one is answered 413 in the provider's error shape.
    public var maxBodySize: Int
    /// Log each request on one line at `info` level.
    public var logRequests: Bool

    /// Creates settings.
    public init(maxBodySize: Int = 1 << 20, logRequests: Bool = true) {
        self.maxBodySize = maxBodySize
        self.logRequests = logRequests
    }
}
