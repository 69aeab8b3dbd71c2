import Foundation
import Logging
import Tracing

/// Where providers' webhooks come in: framework-agnostic, so any server can mount it
/// (`SwitchboardHummingbird` mounts it on a Hummingbird router in one line).
///
/// For each delivery, ``receive(provider:_:)``:
/// 1. finds the configured provider by name (404 otherwise),
/// 2. has its adapter verify authenticity (401 for a forged, stale or replayed delivery),
/// 3. has its adapter decode the body into neutral events (400 for anything else),
/// 4. fills in and remembers LID-to-phone mappings, and names each event's instance by its id
///    (an alias such as a WAHA session name is resolved through the store),
/// 5. records the events not seen before, with their deduplication keys, in the inbox, in one
///    transaction: once each, across restarts, replicas and provider retries,
/// 6. updates the routing table at once on instance status events,
/// and only then answers 200. A delivery that cannot be recorded (the store fails) is answered
/// 500 so the provider retries: nothing is acknowledged that was not kept. The app's handler runs
/// later, from the inbox (see ``Inbox``).
public final class WebhookIngress: Sendable {
    private let providers: [String: any MessagingProvider]
    private let inbox: Inbox
    private let lids: (any LIDStore)?
    private let aliases: (any InstanceAliasStore)?
    private let router: MessageRouter?
    private let deliveries: DeliveryTracker?
    private let logger: Logger

    /// Creates an ingress.
    ///
    /// - Parameters:
    ///   - providers: the configured adapters; deliveries name one by ``MessagingProvider/name``.
    ///   - inbox: where new events are recorded.
    ///   - lids: where LID-to-phone mappings are kept.
    ///   - aliases: where instance aliases are looked up.
    ///   - router: updated at once by instance status events, and the judge of which instance ids exist.
    ///   - deliveries: given every receipt (ack) before the delivery is answered.
    public init(providers: [any MessagingProvider], inbox: Inbox, lids: (any LIDStore)? = nil,
                aliases: (any InstanceAliasStore)? = nil, router: MessageRouter? = nil,
                deliveries: DeliveryTracker? = nil, logger: Logger = Logger(label: "switchboard.webhooks")) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.inbox = inbox
        self.lids = lids
        self.aliases = aliases
        self.router = router
        self.deliveries = deliveries
        self.logger = logger
    }

    /// The configured provider names, each served at its own endpoint.
    public var providerNames: [String] { providers.keys.sorted() }

    /// Handles one delivery that arrived on the endpoint of provider `name`.
    ///
    /// Counted in `switchboard_webhooks_total` by provider (`unknown` for a name not configured)
    /// and status, and traced as a `switchboard.webhook` span (a child of the caller's trace, such
    /// as the server's request span) holding `verify`, `decode`, `record` and `dispatch` spans.
    public func receive(provider name: String, _ delivery: WebhookDelivery) async -> WebhookAnswer {
        await SwitchboardTracing.withSpan("switchboard.webhook", ofKind: .server) { span in
            let known = providers[name] != nil
            if known { span.set(SwitchboardTracing.Attribute.provider, name) }
            let answer = await handle(provider: name, delivery)
            span.set(SwitchboardTracing.Attribute.httpStatus, answer.status)
            if answer.status >= 500 { span.setStatus(SpanStatus(code: .error)) }
            SwitchboardMetrics.recordWebhook(provider: known ? name : "unknown", status: answer.status)
            return answer
        }
    }

    private func handle(provider name: String, _ delivery: WebhookDelivery) async -> WebhookAnswer {
        guard let provider = providers[name] else {
            return .refused(404, .notFound("no provider named \(name) is configured for webhooks"))
        }
        do {
            try SwitchboardTracing.withSyncSpan("switchboard.webhook.verify") { _ throws(SwitchboardError) in
                try provider.verifyWebhook(delivery)
            }
        } catch {
            logger.warning("refused a webhook for \(name): \(error)")
            return .refused(401, error.kind == .unauthorized ? error : .unauthorized(error.message))
        }
        let decoded: [InboundEvent]
        do {
            decoded = try SwitchboardTracing.withSyncSpan("switchboard.webhook.decode") { span throws(SwitchboardError) in
                let events = try provider.decodeWebhook(delivery)
                span.set(SwitchboardTracing.Attribute.events, events.count)
                return events
            }
        } catch {
            logger.warning("undecodable webhook for \(name): \(error)")
            return .refused(400, error)
        }

        let recorded: [InboxEntry]
        do {
            recorded = try await SwitchboardTracing.withSpan("switchboard.webhook.record") { span throws(SwitchboardError) in
                var keyed: [(event: InboundEvent, key: String)] = []
                keyed.reserveCapacity(decoded.count)
                for var event in decoded {
                    try await resolveInstance(&event)
                    try await resolveLID(&event, at: delivery.receivedAt)
                    keyed.append((event, Self.deduplicationKey(event)))
                }
                let recorded = try await inbox.record(keyed, at: delivery.receivedAt)
                span.set(SwitchboardTracing.Attribute.duplicates, decoded.count - recorded.count)
                // Every receipt, recorded before or not: applying one again changes nothing, and one
                // whose application failed is applied when the provider retries.
                try await deliveries?.apply(decoded)
                return recorded
            }
        } catch {
            logger.error("could not record a webhook delivery for \(name): \(error)")
            return .refused(500, error)
        }
        if let router {
            await SwitchboardTracing.withSpan("switchboard.webhook.dispatch") { _ in
                for entry in recorded { await router.apply(entry.event) }
            }
        }
        let (body, contentType) = provider.webhookAnswer(nil)
        return WebhookAnswer(status: 200, body: body, contentType: contentType, events: recorded.map(\.event),
                             duplicates: decoded.count - recorded.count)
    }

    /// Records events that came another way than a webhook (read from history by the
    /// ``Reconciler``) exactly as a delivery's would be: instance and LID resolution, the same
    /// deduplication keys, one transaction, status events applied to the routing table. Returns
    /// the events recorded (those never seen before).
    public func record(recovered events: [InboundEvent], at date: Date) async throws(SwitchboardError) -> [InboxEntry] {
        var keyed: [(event: InboundEvent, key: String)] = []
        keyed.reserveCapacity(events.count)
        for var event in events {
            try await resolveInstance(&event)
            try await resolveLID(&event, at: date)
            keyed.append((event, Self.deduplicationKey(event)))
        }
        let recorded = try await inbox.record(keyed, at: date)
        if let router {
            for entry in recorded { await router.apply(entry.event) }
        }
        return recorded
    }

    /// What makes two events the same: a message by its provider, instance and message id (Wawp
    /// announces one message as both `message` and `message.any`, with different envelope ids);
    /// anything else by its provider and event id.
    public static func deduplicationKey(_ event: InboundEvent) -> String {
        if case .message(let message) = event.body {
            return "\(event.provider)/\(event.instance)/message/\(message.id.comparable)"
        }
        return "\(event.provider)/\(event.id)"
    }

    /// Names the event's instance by its id: a name the routing table does not know is looked up
    /// as an alias. An event whose instance stays unknown keeps its name and is logged; the
    /// router knows every configured instance after a refresh.
    private func resolveInstance(_ event: inout InboundEvent) async throws(SwitchboardError) {
        guard let router, !router.knows(provider: event.provider, instance: event.instance) else { return }
        if let aliases, let id = try await aliases.instance(forAlias: event.instance, provider: event.provider) {
            event.instance = id
        } else {
            logger.warning("webhook names instance \(event.instance) of \(event.provider), which is not in the routing table")
        }
    }

    /// Remembers a sender's LID and phone when both are known, and fills in the phone when only
    /// the LID came.
    private func resolveLID(_ event: inout InboundEvent, at date: Date) async throws(SwitchboardError) {
        guard let lids, case .message(var message) = event.body, let from = message.from, from.kind == .lid else { return }
        if let phone = message.fromPhone {
            try await lids.rememberLID(from, phone: phone, at: date)
        } else if let phone = try await lids.phone(forLID: from) {
            message.fromPhone = phone
            event.body = .message(message)
        }
    }
}
