import Foundation

/// Pacing through the client (``Pacer``): built from the configuration's `"pacing"`, consulted by
/// the outbox dispatcher, fed by inbound events.
extension SwitchboardClient {
    /// Each number's caps, what it has used and when its next send may go; empty when the
    /// configuration paces nothing.
    public func pacing() async throws(SwitchboardError) -> [PacingStatus] {
        try await ready()
        return try await outbox.pacer?.status() ?? []
    }

    /// Builds the pacer for `configuration` (none without `"pacing"`), reading numbers' providers
    /// and typing support from the routing table.
    static func makePacer(_ configuration: SwitchboardConfiguration, store: any Store, router: MessageRouter,
                          providers: [any MessagingProvider], options: Options) -> Pacer? {
        guard let pacing = configuration.pacing else { return nil }
        let typingProviders = Set(providers.filter { $0.capabilities.supports(.typingHint) }.map(\.name))
        return Pacer(
            configuration: pacing, store: store, clock: options.clock, random: PacingRandom(seed: options.pacingSeed),
            logger: options.logger,
            provider: { phone in
                let routes = router.routes().filter { $0.phone == phone }
                return (routes.first { $0.status == .connected } ?? routes.first)?.provider
            },
            typingSupported: { phone in
                let routes = router.routes().filter { $0.phone == phone }
                return !routes.isEmpty && routes.allSatisfy { typingProviders.contains($0.provider) }
            },
            phone: { provider, instance in
                router.routes().first { $0.provider == provider && $0.instance == instance }?.phone
            })
    }

    /// What pacing learns from an inbound event: a contact who writes makes later sends to it
    /// replies; a status event's limits on new contacts hold new conversations from that number.
    func pace(_ event: InboundEvent) async throws {
        guard let pacer = outbox.pacer else { return }
        let phone = { () -> Phone? in
            if case .instanceStatus(_, let phone?) = event.body { return phone }
            return self.router.routes().first { $0.provider == event.provider && $0.instance == event.instance }?.phone
        }
        switch event.body {
        case .message(let message) where !message.fromMe:
            guard let own = phone() else { return }
            let chat = message.fromPhone.map(ChatID.person) ?? message.chat
            guard chat.kind == .person else { return }
            try await pacer.recordReply(to: own, in: chat)
        case .instanceStatus:
            guard let details = event.statusDetails, let own = phone() else { return }
            var reasons: [String] = []
            if details.newContactsRestricted { reasons.append("WhatsApp restricts messaging new contacts (reach-out timelock)") }
            if let quota = details.newContactQuota, quota.isCapped {
                reasons.append("WhatsApp's new-contact quota is used up (\(quota.used.map(String.init) ?? "?")/\(quota.total.map(String.init) ?? "?"))")
            }
            try await pacer.holdNewConversations(own, until: details.newContactsHeldUntil,
                                                 reason: reasons.joined(separator: "; ") + " (reported by \(event.provider)/\(event.instance))")
        default:
            return
        }
    }
}
