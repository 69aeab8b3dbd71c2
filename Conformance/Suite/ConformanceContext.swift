import Foundation
import Switchboard
import Synchronization

/// What a case works with: the adapter, the harness, and helpers that keep cases short.
public final class ConformanceContext: Sendable {
    /// The suite's configuration.
    public let configuration: ConformanceConfiguration
    private let created = Mutex<[String]>([])
    private let caseID: String
    private let runningReceiver: WebhookReceiver?

    init(configuration: ConformanceConfiguration, caseID: String, receiver: WebhookReceiver?) {
        self.configuration = configuration
        self.caseID = caseID
        self.runningReceiver = receiver
    }

    /// The adapter under test.
    public var provider: any MessagingProvider { configuration.provider }

    /// The harness; cases that need it run only when it is configured.
    public var harness: EmulatorHarness {
        get throws {
            guard let harness = configuration.harness else { throw ConformanceFailure("no harness") }
            return harness
        }
    }

    /// The contact's chat.
    public var contact: ChatID { .person(configuration.contactPhone) }

    /// Fails the case unless `condition` holds.
    public func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message()) }
    }

    /// Runs `body`, which must throw a ``SwitchboardError`` of `kind`; returns it.
    @discardableResult
    public func expectError<T>(_ kind: SwitchboardError.Kind, _ what: String,
                               _ body: () async throws -> T) async throws -> SwitchboardError {
        do {
            _ = try await body()
        } catch let error as SwitchboardError {
            try expect(error.kind == kind, "\(what): expected \(kind), got \(error)")
            return error
        }
        throw ConformanceFailure("\(what): expected \(kind), but it succeeded")
    }

    /// A new instance, deleted when the case ends.
    public func newInstance() async throws -> Instance {
        let instance = try await provider.createInstance(InstanceDraft(name: "conformance \(caseID)"))
        created.withLock { $0.append(instance.id) }
        return instance
    }

    /// A new instance, paired by QR with ``ConformanceConfiguration/instancePhone`` the way a
    /// person pairs: connect, wait until the QR is shown (a real session passes through
    /// intermediate states first), scan it, wait until connected.
    public func connectedInstance() async throws -> String {
        let id = try await newInstance().id
        let state = try await qrShown(id, first: try await provider.connect(id, method: .qr))
        if case .connected = state { return id }
        guard case .qr = state else { throw ConformanceFailure("instance \(id) showed no QR code to scan: \(state)") }
        try await harness.scan(id, phone: configuration.instancePhone)
        try await waitFor(.connected, id)
        return id
    }

    /// Polls the pairing state, starting from `first`, until it shows a QR code or is connected,
    /// up to the configured timeout; returns the last state seen.
    public func qrShown(_ id: String, first: PairingState) async throws -> PairingState {
        var state = first
        for _ in 0..<configuration.timing.attempts {
            switch state {
            case .qr, .connected, .code: return state
            case .waiting: break
            }
            try await Task.sleep(for: configuration.timing.pollInterval)
            state = try await provider.pairingState(id)
        }
        return state
    }

    /// Polls the instance until it reaches `status`, up to the configured timeout; fails otherwise.
    public func waitFor(_ status: InstanceStatus, _ id: String) async throws {
        var last: InstanceStatus?
        for _ in 0..<configuration.timing.attempts {
            last = try await provider.instance(id).status
            if last == status { return }
            try await Task.sleep(for: configuration.timing.pollInterval)
        }
        throw ConformanceFailure("instance \(id) did not reach \(status); last status \(last.map(\.rawValue) ?? "none")")
    }

    /// The suite's webhook receiver.
    public var receiver: WebhookReceiver { get throws {
        guard let receiver = runningReceiver else { throw ConformanceFailure("the webhook receiver is not running") }
        return receiver
    } }

    /// Where the deployment posts webhooks: the suite's own receiver.
    public var webhookURL: String { get throws { try receiver.url } }

    /// Points the instance's webhook at the suite's receiver: through the provider's API where it
    /// has one, through the harness (`POST /__emulator/webhook`) otherwise.
    public func routeWebhooks(_ id: String) async throws {
        if provider.capabilities.supports(.webhookSet) {
            try await provider.setWebhook(id, url: try webhookURL)
        } else {
            try await harness.configureWebhook(url: try webhookURL, secret: configuration.webhookSecret)
        }
    }

    /// How many deliveries the receiver has had so far.
    public func deliveryCount() throws -> Int { try receiver.count }

    /// Deliveries received after `count` earlier ones, once at least one exists (up to the timeout).
    public func deliveries(after count: Int) async throws -> [WebhookDelivery] {
        for _ in 0..<configuration.timing.attempts {
            let fresh = Array(try receiver.deliveries.dropFirst(count))
            if !fresh.isEmpty { return fresh }
            try await Task.sleep(for: configuration.timing.pollInterval)
        }
        let url = (try? webhookURL) ?? "the suite's receiver"
        throw ConformanceFailure("no webhook delivery reached the receiver at \(url)")
    }

    /// The neutral events of every delivery after `count`, each verified and decoded by the
    /// adapter, once `done` accepts them (up to the timeout).
    public func events(after count: Int, until done: ([InboundEvent]) -> Bool) async throws -> [InboundEvent] {
        var events: [InboundEvent] = []
        var seen = count
        for _ in 0..<configuration.timing.attempts {
            let (total, fresh) = try decodeDeliveries(after: seen)
            seen = total
            events += fresh
            if done(events) { return events }
            try await Task.sleep(for: configuration.timing.pollInterval)
        }
        throw ConformanceFailure("the expected events did not arrive; decoded: \(events.map { "\($0.body)" })")
    }

    /// Verifies and decodes every delivery after `count`, each once (adapters may reject a replay),
    /// as a receiver would; returns the new count and the events.
    public func decodeDeliveries(after count: Int) throws -> (count: Int, events: [InboundEvent]) {
        let all = try receiver.deliveries
        var events: [InboundEvent] = []
        for delivery in all.dropFirst(count) {
            try provider.verifyWebhook(delivery)
            events += try provider.decodeWebhook(delivery)
        }
        return (max(count, all.count), events)
    }

    /// What the instance delivered so far, from the harness.
    public func sent(_ id: String) async throws -> [SentEntry] { try await harness.sent(id) }

    /// The entry the harness shows for the message the adapter sent as `sent`: the one with its
    /// id (compared as ids) when the send returned one, else the latest entry to `to`.
    public func entry(for sent: SentMessage?, in entries: [SentEntry], to chat: Phone) -> SentEntry? {
        if let id = sent?.id?.rawValue { return entries.last { ConformanceIDs.same($0.messageId, id) } }
        return entries.last { $0.isTo(chat) }
    }

    /// Deletes what the case created; errors are ignored (the case may have deleted them).
    func cleanUp() async {
        for id in created.withLock({ $0 }) { try? await provider.deleteInstance(id) }
    }
}
