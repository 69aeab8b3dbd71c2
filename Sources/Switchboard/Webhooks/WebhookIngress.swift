import Foundation
import Logging

/// Where providers' webhooks come in: framework-agnostic, so any server can mount it.
///
/// For each delivery, ``receive(provider:_:)``:
/// 1. finds the configured provider by name (404 otherwise),
/// 2. has its adapter verify authenticity (401 for a forged, stale or replayed delivery),
/// 3. has its adapter decode the body into neutral events (400 for anything else),
/// 4. fills in and remembers LID-to-phone mappings,
/// 5. drops events already seen (a message by its id, anything else by its event id, in the store:
///    once each, across restarts and provider retries),
/// 6. updates the routing table at once on instance status events,
/// 7. hands each new event to ``handler`` and to the ``events`` stream,
/// and returns the HTTP answer to give, including the handler's reply where the provider acts on it.
///
/// A delivery that cannot be recorded (the store fails) is answered 500 so the provider retries:
/// nothing is acknowledged that was not kept.
public final class WebhookIngress: Sendable {
    /// Called for every new event, in order; its answer for a message becomes the webhook reply.
    public typealias Handler = @Sendable (InboundEvent) async -> WebhookReply?

    private let providers: [String: any MessagingProvider]
    private let seen: (any SeenEventStore)?
    private let lids: (any LIDStore)?
    private let router: MessageRouter?
    private let handler: Handler?
    private let logger: Logger
    private let continuation: AsyncStream<InboundEvent>.Continuation

    /// Every new event, for apps that prefer a sequence to a handler. Buffers the newest 10,000
    /// when nobody reads.
    public let events: AsyncStream<InboundEvent>

    /// Creates an ingress.
    ///
    /// - Parameters:
    ///   - providers: the configured adapters; deliveries name one by ``MessagingProvider/name``.
    ///   - seen: where event ids are kept for deduplication; `nil` keeps none (every delivery counts).
    ///   - lids: where LID-to-phone mappings are kept.
    ///   - router: updated at once by instance status events.
    ///   - handler: called for each new event.
    public init(providers: [any MessagingProvider], seen: (any SeenEventStore)? = nil, lids: (any LIDStore)? = nil,
                router: MessageRouter? = nil, logger: Logger = Logger(label: "switchboard.webhooks"), handler: Handler? = nil) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.seen = seen
        self.lids = lids
        self.router = router
        self.handler = handler
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: InboundEvent.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Ends the ``events`` stream.
    public func finish() { continuation.finish() }

    /// Handles one delivery that arrived on the endpoint of provider `name`.
    public func receive(provider name: String, _ delivery: WebhookDelivery) async -> WebhookAnswer {
        guard let provider = providers[name] else {
            return .refused(404, .notFound("no provider named \(name) is configured for webhooks"))
        }
        do {
            try provider.verifyWebhook(delivery)
        } catch {
            logger.warning("refused a webhook for \(name): \(error)")
            return .refused(401, error.kind == .unauthorized ? error : .unauthorized(error.message))
        }
        let decoded: [InboundEvent]
        do {
            decoded = try provider.decodeWebhook(delivery)
        } catch {
            logger.warning("undecodable webhook for \(name): \(error)")
            return .refused(400, error)
        }

        // Each event is recorded, then handed over at once: when recording a later event fails, the
        // delivery is answered 500 and the provider's retry hands over only what was not handed over.
        var fresh: [InboundEvent] = []
        var duplicates = 0
        var reply: WebhookReply?
        for var event in decoded {
            do {
                try resolveLID(&event, at: delivery.receivedAt)
                if let seen, try !seen.markSeen(Self.deduplicationKey(event), at: delivery.receivedAt) {
                    duplicates += 1
                    continue
                }
            } catch {
                logger.error("could not record a webhook event for \(name): \(error)")
                return .refused(500, error)
            }
            router?.apply(event)
            fresh.append(event)
            continuation.yield(event)
            if let answer = await handler?(event), case .message = event.body { reply = answer }
        }
        let (body, contentType) = provider.webhookAnswer(reply)
        return WebhookAnswer(status: 200, body: body, contentType: contentType, events: fresh, duplicates: duplicates)
    }

    /// What makes two events the same: a message by its provider, instance and message id (Wawp
    /// announces one message as both `message` and `message.any`, with different envelope ids);
    /// anything else by its provider and event id.
    static func deduplicationKey(_ event: InboundEvent) -> String {
        if case .message(let message) = event.body {
            return "\(event.provider)/\(event.instance)/message/\(message.id.rawValue)"
        }
        return "\(event.provider)/\(event.id)"
    }

    /// Remembers a sender's LID and phone when both are known, and fills in the phone when only
    /// the LID came.
    private func resolveLID(_ event: inout InboundEvent, at date: Date) throws(SwitchboardError) {
        guard let lids, case .message(var message) = event.body, let from = message.from, from.kind == .lid else { return }
        if let phone = message.fromPhone {
            try lids.rememberLID(from, phone: phone, at: date)
        } else if let phone = try lids.phone(forLID: from) {
            message.fromPhone = phone
            event.body = .message(message)
        }
    }
}
