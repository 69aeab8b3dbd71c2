extension MessagingProvider {
    /// Sends a message on behalf of `origin`. An automated send to a chat that is handed off to a
    /// human throws ``SwitchboardError/Kind/handoffActive`` before anything is sent; a human send
    /// always goes through. Providers without handoff never refuse.
    public func send(_ message: OutboundMessage, from id: String, origin: SendOrigin) async throws(SwitchboardError) -> SentMessage {
        if origin == .automated && capabilities.supports(.handoff) {
            let handoffs = try await self.handoffs(id)
            if handoffs.contains(where: { $0.chat == message.to }) {
                throw SwitchboardError.handoffActive("\(message.to) is handed off to a human on instance \(id); automated sends are refused until it is cleared")
                    .from(provider: name)
            }
        }
        return try await send(message, from: id)
    }
}
