import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Synchronization
import Testing

/// Issue 18, reconciliation and silence: with the app's webhooks switched off, 50 messages arrive;
/// webhooks come back; reconciliation hands over exactly those 50, once each, and nothing new the
/// second time. A silent instance whose probe fails is marked failed with a status event.
@Suite struct ReconciliationTests {
    static let shop = Phone(e164Digits: "447700900111")
    static let sales = Phone(e164Digits: "447700900333")

    static func client(_ d: Deployments, wawp: String, clock: (any TimeSource)? = nil) throws -> SwitchboardClient {
        var options = SwitchboardClient.Options()
        options.pollInterval = .milliseconds(20)
        options.tracking.silenceAfter = .seconds(300)
        if let clock { options.clock = clock }
        return try d.client(d.configuration(wawp: [wawp], wasupWebhookSecret: "wasup-e2e-webhook-secret"), options: options)
    }

    /// Every text the app's handler is given now, in the order given.
    static func handOver(_ client: SwitchboardClient) async -> [String] {
        let texts = Mutex<[String]>([])
        await client.dispatchInbox { event in
            if case .message(let message) = event.body { texts.withLock { $0.append(message.text ?? "") } }
        }
        return texts.withLock { $0 }
    }

    /// A contact writes `text` to the instance (the emulator posts the webhook, if any).
    static func arrive(_ d: Deployments, _ base: String, _ instance: String, from contact: String, _ text: String) async throws {
        try await d.control(base, .post, "instances/\(instance)/inbound", ["from": contact, "text": text])
    }

    @Test(arguments: ["wasup", "wawp"])
    func fiftyMessagesMissedWhileWebhooksWereOffAreHandedOverOnceEach(_ provider: String) async throws {
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let client = try Self.client(d, wawp: wawpID)
            try await client.refreshRoutes()
            let app = try await AppEndpoint.start(client, provider: provider)
            let (base, instance) = provider == "wasup" ? (d.wasupBase, wasupID) : (d.wawpBase, wawpID)
            // Webhooks on: the provider posts to the app.
            // Through the client's adapter, so Wasup's URL carries the instance token it verifies.
            if provider == "wasup" {
                try await client.provider(named: "wasup").setWebhook(wasupID, url: app.url)
            } else {
                try await d.wawpWebhook(to: app.url)
            }

            for index in 0..<5 { try await Self.arrive(d, base, instance, from: "3361000000\(index)", "before \(index)") }
            await d.wawpEmulator.flushWebhooks()
            #expect(await Self.handOver(client).count == 5)

            // Webhooks off: Wasup's deliveries fail (the app answers 503, Wasup does not retry
            // here); Wawp's dashboard holds no URL, so nothing is posted.
            if provider == "wasup" { app.set(on: false) } else { try await d.control(d.wawpBase, .post, "webhook", ["url": ""]) }
            var missed: [String] = []
            for index in 0..<50 {
                missed.append("missed \(index)")
                try await Self.arrive(d, base, instance, from: "336200000\(index % 10)", "missed \(index)")
            }
            await d.wawpEmulator.flushWebhooks()
            #expect(await Self.handOver(client).isEmpty)

            // Webhooks back; reconciliation from the last recorded event.
            if provider == "wasup" { app.set(on: true) } else { try await d.wawpWebhook(to: app.url) }
            let report = try await client.reconcile(provider: provider, instance: instance)
            #expect(report.skipped == nil && report.incomplete == nil, "\(report)")
            #expect(report.handedOver == 50, "\(report)")
            let handed = await Self.handOver(client)
            #expect(handed.sorted() == missed.sorted())
            #expect(Set(handed).count == 50)

            let again = try await client.reconcile(provider: provider, instance: instance)
            #expect(again.handedOver == 0, "\(again)")
            #expect(await Self.handOver(client).isEmpty)

            await app.stop()
            await client.shutdown()
        }
    }

    @Test func anInstanceWithNoRecordedEventIsSkippedWithAReason() async throws {
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let client = try Self.client(d, wawp: wawpID)
            try await client.refreshRoutes()
            let report = try await client.reconcile(provider: "wasup", instance: wasupID)
            #expect(report.skipped?.contains("--since") == true, "\(report)")
            await #expect(throws: SwitchboardError.self) { _ = try await client.reconcile(provider: "nope", instance: wasupID) }
            await client.shutdown()
        }
    }

    @Test func aSilentInstanceWhoseProbeFailsIsMarkedFailedAndTheAppIsTold() async throws {
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let clock = ManualTimeSource(Date())
            let client = try Self.client(d, wawp: wawpID, clock: clock)
            try await client.refreshRoutes()
            #expect(try await client.checkSilence().isEmpty)  // first look: quiet from now on

            // Past the threshold: Wawp answers its probe; Wasup's probe fails.
            clock.advance(by: .seconds(301))
            try await d.fault(d.wasupBase, path: "/api/instances/{instanceId}", status: 500, times: 1)
            let reports = try await client.checkSilence()
            let wasup = try #require(reports.first { $0.instance == wasupID })
            let wawp = try #require(reports.first { $0.instance == wawpID })
            #expect(wasup.probeFailure != nil)
            #expect(wawp.probeFailure == nil && wawp.reconciliation?.handedOver == 0)
            let routes = try await client.routes()
            #expect(routes.first { $0.instance == wasupID }?.status == .failed)
            #expect(routes.first { $0.instance == wawpID }?.status == .connected)

            // A refresh lists it as connected (only the probe failed): the hold keeps it failed.
            try await client.refreshRoutes()
            #expect(try await client.routes().first { $0.instance == wasupID }?.status == .failed)
            // The next look probes it again; it answers, and routes use it again.
            let again = try await client.checkSilence()
            #expect(again.contains { $0.instance == wasupID && $0.probeFailure == nil })
            #expect(try await client.routes().first { $0.instance == wasupID }?.status == .connected)

            let statuses = Mutex<[InboundEvent]>([])
            await client.dispatchInbox { event in statuses.withLock { $0.append(event) } }
            let told = statuses.withLock { $0 }
            #expect(told.count == 1)
            #expect(told.first?.instance == wasupID && told.first?.body == .instanceStatus(.failed, phone: Self.shop))
            await client.shutdown()
        }
    }
}
