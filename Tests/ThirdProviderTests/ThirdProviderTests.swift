import Foundation
import RelayProvider
import Switchboard
import SwitchboardConformance
import Testing

/// A third provider, as data: the tests' made-up Relay API and its adapter (target
/// `RelayProvider`, written against Switchboard's public API only) go through the client, the
/// router and the conformance suite with no edit to `Sources/Switchboard`.
@Suite struct ThirdProviderTests {
    static let customer = Phone(e164Digits: "447700900999")

    @Test func theClientTheRouterAndTheSuiteTakeAThirdProvider() async throws {
        let a = RelayServer(token: "relay-token-a")
        let b = RelayServer(token: "relay-token-b")
        let baseA = "http://127.0.0.1:\(try await a.start())"
        let baseB = "http://127.0.0.1:\(try await b.start())"
        try await withCleanup { try await Self.exercise(a, baseA, b, baseB) } cleanup: {
            await a.stop()
            await b.stop()
        }
    }

    /// The test's work on two running Relay servers.
    static func exercise(_ a: RelayServer, _ baseA: String, _ b: RelayServer, _ baseB: String) async throws {
        let transport = CurlTransport()

        let configuration = SwitchboardConfiguration(store: ":memory:", providers: [
            ProviderConfiguration(name: "relay-a", kind: "relay", baseURL: baseA,
                                  values: ["token": .string("relay-token-a"), "webhookSecret": .string("relay-secret")]),
            ProviderConfiguration(name: "relay-b", kind: "relay", baseURL: baseB, values: ["token": .string("relay-token-b")]),
        ])
        let client = try SwitchboardClient(configuration: configuration, kinds: [RelayProvider.providerKind], transport: transport) { event, client in
            guard case .message(let message) = event.body else { return }
            _ = try await client.reply(to: event, .text("echo: \(message.text ?? "")"))
        }
        // Instances through the client; the phone's side links them to their numbers.
        let onA = try await client.createInstance(provider: "relay-a", InstanceDraft(name: "shop"))
        let onB = try await client.createInstance(provider: "relay-b", InstanceDraft(name: "sales"))
        a.link(onA.id, number: "447700900501")
        b.link(onB.id, number: "447700900502")
        try await client.refreshRoutes()

        // The router picks by connected number across the two deployments.
        let sent = try await client.send(.text("from sales", to: .person(Self.customer)), from: Phone(e164Digits: "447700900502"))
        #expect(sent.provider == "relay-b" && sent.instance == onB.id)
        #expect(b.sent(onB.id) == ["from sales"])
        #expect(a.sent(onA.id).isEmpty)
        // Relay's own error shape lands in the one taxonomy.
        await #expect(throws: SwitchboardError.self) { _ = try await client.send(.text("x", to: .person(Self.customer)), via: "relay-a", instance: "relay-missing") }

        // Inbound: verified by Relay's secret, recorded, handed to the handler, which replies
        // through the instance the message arrived on.
        let running = Task { try await client.run() }
        let body = Data(#"{"id":"in-1","instance":"\#(onA.id)","from":"447700900999","text":"hi"}"#.utf8)
        let forged = await client.receiveWebhook(provider: "relay-a", WebhookDelivery(headers: [("X-Relay-Secret", "guess")], body: body))
        #expect(forged.status == 401)
        let answer = await client.receiveWebhook(provider: "relay-a", WebhookDelivery(headers: [("X-Relay-Secret", "relay-secret")], body: body))
        #expect(answer.status == 200)
        let deadline = ContinuousClock.now + .seconds(30)
        while !a.sent(onA.id).contains("echo: hi"), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(a.sent(onA.id) == ["echo: hi"])
        await client.shutdown()
        try await running.value

        // The conformance suite runs every case Relay's capabilities allow (no harness: the
        // phone's side is skipped with that reason), and none fails.
        let adapter = RelayProvider(name: "relay-a", baseURL: baseA, token: "relay-token-a", transport: transport)
        let intruder = RelayProvider(name: "relay-a", baseURL: baseA, token: "wrong", transport: transport)
        let report = await ConformanceSuite(ConformanceConfiguration(provider: adapter, unauthorizedProvider: intruder)).run()
        #expect(report.failed == 0, "\(report.results.filter { $0.status == .fail }.map(\.jsonLine))")
        let passed = Set(report.results.filter { $0.status == .pass }.map(\.case))
        #expect(passed.isSuperset(of: ["instances.create", "instances.list", "instances.get", "instances.delete",
                                       "errors.unauthorized", "errors.not-found"]), "\(report.summary): \(passed.sorted())")
        await transport.shutdown()
    }
}
