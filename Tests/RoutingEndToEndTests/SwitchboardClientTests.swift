import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import TestSupport
import Testing

/// The one object an app holds, against both emulators: sends, enqueue, reply, the handoff guard
/// with no handoff request on the wire, graceful shutdown, and use after shutdown.
@Suite struct SwitchboardClientTests {
    static let shop = Phone(e164Digits: "447700900111")
    static let sales = Phone(e164Digits: "447700900333")
    static let customer = ChatID.person(Phone(e164Digits: "33612345678"))

    static func client(_ d: Deployments, wawp: String, store: String = ":memory:", outboxConcurrency: Int = 4,
                       shutdownDeadline: Duration = .seconds(10)) throws -> SwitchboardClient {
        var options = SwitchboardClient.Options()
        options.outboxConcurrency = outboxConcurrency
        options.pollInterval = .milliseconds(50)
        options.shutdownDeadline = shutdownDeadline
        return try d.client(d.configuration(store: store, wawp: [wawp]), options: options)
    }

    /// Requests the emulator at `base` logged whose path contains `fragment`.
    static func requests(_ d: Deployments, _ base: String, containing fragment: String) async throws -> Int {
        let log = try await d.control(base, .get, "requests")
        return (log["requests"] as? [[String: Any]] ?? []).count { ($0["path"] as? String)?.contains(fragment) == true }
    }

    @Test func sendsRoutedAndByInstanceAndRepliesOnTheSameInstance() async throws {
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let client = try Self.client(d, wawp: wawpID)
            try await client.refreshRoutes()

            let routed = try await client.send(.text("routed", to: Self.customer), from: Self.shop)
            #expect(routed.provider == "wasup" && routed.instance == wasupID)
            let direct = try await client.send(.text("direct", to: Self.customer), via: "wawp", instance: wawpID)
            #expect(direct.instance == wawpID)
            #expect(try await d.sentTexts(d.wasupBase, wasupID).contains("routed"))
            #expect(try await d.sentTexts(d.wawpBase, wawpID).contains("direct"))

            let event = InboundEvent(provider: "wawp", instance: wawpID, id: "e1", body: .message(
                Message(id: "false_33612345678@c.us_ABC", chat: Self.customer, fromMe: false, text: "a question")))
            let reply = try await client.reply(to: event, .text("an answer"))
            #expect(reply.provider == "wawp" && reply.instance == wawpID)
            #expect(try await d.sentTexts(d.wawpBase, wawpID).contains("an answer"))
            await client.shutdown()
        }
    }

    @Test func aHandedOffChatIsRefusedAndSendsThatGoThroughCostNoHandoffRequest() async throws {
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let client = try Self.client(d, wawp: wawpID)
            try await client.refreshRoutes()
            try await client.setHandoff(true, chat: Self.customer, instance: wasupID, provider: "wasup")
            try await client.setHandoff(true, chat: Self.customer, instance: wawpID, provider: "wawp")
            let wasupHandoffCalls = try await Self.requests(d, d.wasupBase, containing: "/handoff")
            let wasupSends = try await Self.requests(d, d.wasupBase, containing: "/send")
            let wawpSends = try await Self.requests(d, d.wawpBase, containing: "/send")

            for (provider, instance) in [("wasup", wasupID), ("wawp", wawpID)] {
                await #expect(throws: SwitchboardError.self) {
                    _ = try await client.send(.text("bot", to: Self.customer), via: provider, instance: instance)
                }
                do {
                    _ = try await client.send(.text("bot", to: Self.customer), via: provider, instance: instance)
                } catch let error as SwitchboardError {
                    #expect(error.kind == .handoffActive && error.surelyNotSent)
                }
            }
            await #expect(throws: SwitchboardError.self) { _ = try await client.send(.text("bot", to: Self.customer), from: Self.shop) }
            // Nothing was sent. Wawp's handoff is the library's: the guard read the store alone.
            // Wasup's is native: each of the 3 refusals was confirmed with one list request.
            #expect(try await Self.requests(d, d.wasupBase, containing: "/send") == wasupSends)
            #expect(try await Self.requests(d, d.wawpBase, containing: "/send") == wawpSends)
            #expect(try await Self.requests(d, d.wasupBase, containing: "/handoff") == wasupHandoffCalls + 3)

            // Another chat is not held back, and a send that goes through asks for no handoff list.
            let handoffCalls = try await Self.requests(d, d.wasupBase, containing: "/handoff")
            _ = try await client.send(.text("elsewhere", to: .person(Phone(e164Digits: "33600000001"))), from: Self.shop)
            #expect(try await Self.requests(d, d.wasupBase, containing: "/handoff") == handoffCalls)
            try await client.setHandoff(false, chat: Self.customer, instance: wasupID, provider: "wasup")
            _ = try await client.send(.text("back to the bot", to: Self.customer), via: "wasup", instance: wasupID)
            await client.shutdown()
        }
    }

    /// The outbox workers of the shutdown test, each holding one send when it stops.
    static let inFlight = 16

    @Test func gracefulShutdownLetsSendsInFlightFinishAndLeavesTheRestQueued() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("client-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("client.sqlite").path
        try await Deployments.run { d in
            let wasupID = try await d.connectedWasup(Self.shop)
            let wawpID = try await d.connectedWawp(Self.sales)
            let client = try Self.client(d, wawp: wawpID, store: path, outboxConcurrency: Self.inFlight, shutdownDeadline: .seconds(240))
            try await client.refreshRoutes()
            for index in 0..<100 {
                try await client.enqueue(.text("m\(index)", to: Self.customer), from: Self.shop, idempotencyKey: "m\(index)")
            }
            // Every send is answered after 60 s (the emulator's longest delay): long enough for the
            // claims (one SQLite commit each) even when the whole suite shares a slow 2-core machine's
            // cooperative pool, inside the 240 s deadline. With 64 in flight it was not: a full run
            // under load made 42 claims in 58 s, and two runs saw sends answered before the last
            // claim with 30 s. Sixteen claims show the same thing with room to spare.
            try await d.control(d.wasupBase, .post, "faults", ["method": "POST", "path": "/api/instances/{instanceId}/send", "delayMs": 60_000])
            let running = Task { try await client.run() }
            // Stop once every worker's send is on the wire (claimed, not yet answered).
            let deadline = ContinuousClock.now + .seconds(58)
            var counts = try await client.outbox.counts()
            while counts[.sending, default: 0] < Self.inFlight {
                guard ContinuousClock.now < deadline else { throw HarnessError("\(Self.inFlight) sends never were in flight at once: \(counts)") }
                try await Task.sleep(for: .milliseconds(5))
                counts = try await client.outbox.counts()
            }
            await client.shutdown()
            try await running.value
            await client.shutdown()  // a second call is harmless

            await #expect(throws: SwitchboardError.self) { _ = try await client.send(.text("late", to: Self.customer), from: Self.shop) }
            counts = try await SQLiteStore(path: path).outboxCounts()
            #expect(counts[.ambiguous] == nil, "\(counts)")
            #expect(counts[.sending] == nil, "\(counts)")
            #expect(counts[.sent] == Self.inFlight && counts[.queued] == 100 - Self.inFlight,
                    "every send in flight finished, nothing more was claimed: \(counts)")
            #expect(try await d.sentTexts(d.wasupBase, wasupID).count == Self.inFlight)
        }
    }

    @Test func aBadConfigurationNamesTheKey() throws {
        let configuration = SwitchboardConfiguration(store: ":memory:", providers: [
            ProviderConfiguration(name: "x", kind: "nope", baseURL: "http://127.0.0.1:9"),
        ])
        #expect(throws: ConfigurationError.self) { _ = try SwitchboardClient(configuration: configuration, kinds: [WawpProvider.providerKind]) }
        do {
            _ = try SwitchboardClient(configuration: configuration, kinds: [WawpProvider.providerKind])
        } catch {
            #expect(error.key == "providers[0].kind")
        }
        let postgres = SwitchboardConfiguration(store: "postgres://u@127.0.0.1/db", providers: [])
        do {
            _ = try SwitchboardClient(configuration: postgres, kinds: [])
            Issue.record("a postgres:// store without a linked store kind was accepted")
        } catch {
            #expect(error.key == "store")
        }
    }
}
