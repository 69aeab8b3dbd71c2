import Foundation
import Switchboard
import Synchronization

/// What a case works with: the adapter, the harness, and helpers that keep cases short.
public final class ConformanceContext: Sendable {
    /// The suite's configuration.
    public let configuration: ConformanceConfiguration
    private let created = Mutex<[String]>([])
    private let caseID: String

    init(configuration: ConformanceConfiguration, caseID: String) {
        self.configuration = configuration
        self.caseID = caseID
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

    /// A new instance, paired by QR with ``ConformanceConfiguration/instancePhone``.
    public func connectedInstance() async throws -> String {
        let id = try await newInstance().id
        _ = try await provider.connect(id, method: .qr)
        try await harness.scan(id, phone: configuration.instancePhone)
        try await waitFor(.connected, id)
        return id
    }

    /// Polls the instance until it reaches `status` (at most ~5 s); fails otherwise.
    public func waitFor(_ status: InstanceStatus, _ id: String) async throws {
        var last: InstanceStatus?
        for _ in 0..<50 {
            last = try await provider.instance(id).status
            if last == status { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ConformanceFailure("instance \(id) did not reach \(status); last status \(last.map(\.rawValue) ?? "none")")
    }

    /// Points the instance's webhook at ``ConformanceConfiguration/webhookURL``: through the
    /// provider's API where it has one, through the harness otherwise.
    public func routeWebhooks(_ id: String) async throws {
        if provider.capabilities.supports(.webhookSet) {
            try await provider.setWebhook(id, url: try webhookURL)
        } else {
            try await harness.configureWebhook(url: try webhookURL, secret: configuration.webhookSecret)
        }
    }

    /// Webhook deliveries made after `count` earlier ones, once at least one exists (waiting up to ~5 s).
    public func deliveries(after count: Int) async throws -> [WebhookDelivery] {
        for _ in 0..<50 {
            let fresh = try await harness.webhooks().dropFirst(count).compactMap(EmulatorHarness.delivery(from:))
            if !fresh.isEmpty { return fresh }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ConformanceFailure("no webhook delivery arrived")
    }

    /// Where webhooks go: the configured URL, or the harness's sink, which answers 200 to anything.
    public var webhookURL: String {
        get throws { try configuration.webhookURL ?? harness.baseURL + "/__emulator/sink" }
    }

    /// How many deliveries the harness has recorded so far.
    public func deliveryCount() async throws -> Int { try await harness.webhooks().count }

    /// The neutral events of every delivery after `count`, each verified and decoded by the
    /// adapter, once `done` accepts them (waiting up to ~5 s).
    public func events(after count: Int, until done: ([InboundEvent]) -> Bool) async throws -> [InboundEvent] {
        var events: [InboundEvent] = []
        var seen = count
        for _ in 0..<50 {
            let (total, fresh) = try await decodeDeliveries(after: seen)
            seen = total
            events += fresh
            if done(events) { return events }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ConformanceFailure("the expected events did not arrive; decoded: \(events.map { "\($0.body)" })")
    }

    /// Verifies and decodes every delivery after `count`, each once (adapters may reject a replay),
    /// as a receiver would; returns the new count and the events.
    public func decodeDeliveries(after count: Int) async throws -> (count: Int, events: [InboundEvent]) {
        let all = try await harness.webhooks()
        var events: [InboundEvent] = []
        for json in all.dropFirst(count) {
            guard let delivery = EmulatorHarness.delivery(from: json) else { continue }
            try provider.verifyWebhook(delivery)
            events += try provider.decodeWebhook(delivery)
        }
        return (max(count, all.count), events)
    }

    /// Deletes what the case created; errors are ignored (the case may have deleted them).
    func cleanUp() async {
        for id in created.withLock({ $0 }) { try? await provider.deleteInstance(id) }
    }
}
