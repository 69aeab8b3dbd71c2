/// Sends HTTP requests. ``CurlTransport`` is the implementation; adapters take any.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws ``SwitchboardError`` of kind ``SwitchboardError/Kind/transport`` when no complete
    /// response arrived (refused, timeout, TLS, cancelled). Task cancellation stops the transfer.
    func send(_ request: TransportRequest) async throws(SwitchboardError) -> TransportResponse
}
