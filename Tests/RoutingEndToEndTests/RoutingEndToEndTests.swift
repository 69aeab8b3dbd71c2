import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Synchronization
import Testing

/// The router and the outbox through the real adapters, against both emulators over loopback.
@Suite("Routing end to end: Wasup and Wawp emulators")
struct RoutingEndToEndTests {
    static let shop = Phone(e164Digits: "447700900111")
    static let support = Phone(e164Digits: "447700900222")
    static let customer = Phone(e164Digits: "33612345678")

    static func text(_ text: String) -> OutboundMessage { .text(text, to: .person(customer)) }

    @Test("from a phone across providers, one number linked on both: configuration order decides")
    func routesByPhoneAcrossProviders() async throws {
        try await Deployments.run { d in
            let wasupShop = try await d.connectedWasup(Self.shop)
            let wawpShop = try await d.connectedWawp(Self.shop)
            let wawpSupport = try await d.connectedWawp(Self.support)

            let wawpFirst = try MessageRouter(providers: [d.wawp, d.wasup])
            await wawpFirst.refresh()
            let fromShop = try await wawpFirst.send(Self.text("shop via wawp"), from: Self.shop)
            let fromSupport = try await wawpFirst.send(Self.text("support via wawp"), from: Self.support)

            let wasupFirst = try MessageRouter(providers: [d.wasup, d.wawp])
            await wasupFirst.refresh()
            let fromShopAgain = try await wasupFirst.send(Self.text("shop via wasup"), from: Self.shop)

            #expect([fromShop.provider, fromShop.instance] == ["wawp", wawpShop])
            #expect([fromSupport.provider, fromSupport.instance] == ["wawp", wawpSupport])
            #expect([fromShopAgain.provider, fromShopAgain.instance] == ["wasup", wasupShop])
            #expect(try await d.sentTexts(d.wawpBase, wawpShop) == ["shop via wawp"])
            #expect(try await d.sentTexts(d.wawpBase, wawpSupport) == ["support via wawp"])
            #expect(try await d.sentTexts(d.wasupBase, wasupShop) == ["shop via wasup"])
        }
    }

    @Test("a 429 from Wasup pauses the number instead of failing over to the Wawp instance holding it")
    func noFailoverOn429() async throws {
        try await Deployments.run { d in
            let wasupShop = try await d.connectedWasup(Self.shop)
            let wawpShop = try await d.connectedWawp(Self.shop)
            let clock = ManualTimeSource()
            let router = try MessageRouter(providers: [d.wasup, d.wawp], clock: clock)
            await router.refresh()
            try await d.fault(d.wasupBase, path: "/api/instances/{instanceId}/send", status: 429,
                              body: #"{"error":"Too many requests","retryAfter":30}"#)

            // A rate limit is the number's, not the instance's (issue 18): sending the same
            // number through another provider would be the burst WhatsApp bans for.
            let error = await #expect(throws: SwitchboardError.self) {
                try await router.send(Self.text("not failed over"), from: Self.shop)
            }
            #expect(error?.kind == .rateLimited && error?.surelyNotSent == true)
            #expect(error?.retryAfter == .seconds(30))
            #expect(try await d.sentTexts(d.wasupBase, wasupShop).isEmpty)
            #expect(try await d.sentTexts(d.wawpBase, wawpShop).isEmpty)
            let cooling = try #require(router.routes().first { $0.provider == "wasup" })
            #expect(cooling.cooldownRemaining == .seconds(30))
            #expect(cooling.health.lastErrorKind == .rateLimited)
        }
    }

    @Test("a 5xx on a Wasup send is ambiguous: not re-sent through Wawp, and parked by the outbox")
    func noFailoverOnAmbiguous() async throws {
        try await Deployments.run { d in
            _ = try await d.connectedWasup(Self.shop)
            let wawpShop = try await d.connectedWawp(Self.shop)
            let router = try MessageRouter(providers: [d.wasup, d.wawp])
            await router.refresh()
            try await d.fault(d.wasupBase, path: "/api/instances/{instanceId}/send", status: 500)

            let error = await #expect(throws: SwitchboardError.self) {
                try await router.send(Self.text("maybe sent"), from: Self.shop)
            }
            #expect(error?.isAmbiguous == true)
            #expect(error?.message.contains("ambiguous") == true)
            #expect(try await d.sentTexts(d.wawpBase, wawpShop).isEmpty)

            // Through the outbox (a fresh router: the first one cools Wasup down and would pick
            // Wawp, rightly): parked as ambiguous, never retried by itself.
            let fresh = try MessageRouter(providers: [d.wasup, d.wawp])
            await fresh.refresh()
            let outbox = Outbox(store: try SQLiteStore.inMemory(), sender: fresh)
            try await d.fault(d.wasupBase, path: "/api/instances/{instanceId}/send", status: 502)
            let entry = try await outbox.enqueue(Self.text("maybe sent too"), from: Self.shop)
            await outbox.dispatchDue()
            #expect(try await outbox.entry(id: entry.id)?.state == .ambiguous)
            #expect(try await outbox.entry(id: entry.id)?.provider == "wasup")
            #expect(try await d.sentTexts(d.wawpBase, wawpShop).isEmpty)
        }
    }

    @Test("a session.status webhook from Wawp updates the routes at once, without a refresh")
    func statusWebhookUpdatesRoutes() async throws {
        try await Deployments.run { d in
            let wasupShop = try await d.connectedWasup(Self.shop)
            let wawpShop = try await d.connectedWawp(Self.shop)
            let router = try MessageRouter(providers: [d.wawp, d.wasup])
            await router.refresh()
            let store = try SQLiteStore.inMemory()
            let wawp = d.wawp
            let applied = Mutex(0)
            // What the webhook layer will do: verify, decode through the provider, dedup, apply.
            let receiver = try await WebhookReceiver.start { target, headers, body in
                let delivery = WebhookDelivery(target: target, headers: headers, body: body)
                do {
                    try wawp.verifyWebhook(delivery)
                    for event in try wawp.decodeWebhook(delivery) {
                        let key = WebhookIngress.deduplicationKey(event)
                        guard try await !store.recordInbound([(event, key)], at: Date()).isEmpty else { continue }
                        if await router.apply(event) { applied.withLock { $0 += 1 } }
                    }
                    return 200
                } catch {
                    return 400
                }
            }
            try await d.wawpWebhook(to: receiver.url)

            try await wawp.disconnect(wawpShop)
            await d.wawpEmulator.flushWebhooks()
            let whileDown = try await router.send(Self.text("while wawp is down"), from: Self.shop)
            let downRoute = router.routes().first { $0.instance == wawpShop }

            _ = try await wawp.connect(wawpShop, method: .qr)  // credentials kept: back without pairing
            await d.wawpEmulator.flushWebhooks()
            let afterReconnect = try await router.send(Self.text("wawp is back"), from: Self.shop)
            // The send's own message.any webhook is still on its way: stopping the receiver under
            // it crashes the server (NIOAsyncWriter deinit without finish).
            await d.wawpEmulator.flushWebhooks()
            await receiver.stop()

            #expect(applied.withLock { $0 } >= 2)
            #expect(downRoute?.status == .disconnected)
            #expect([whileDown.provider, whileDown.instance] == ["wasup", wasupShop])
            #expect([afterReconnect.provider, afterReconnect.instance] == ["wawp", wawpShop])
            #expect(try await d.sentTexts(d.wawpBase, wawpShop) == ["wawp is back"])
        }
    }

    @Test("the outbox sends through both adapters, round-robin, each message once")
    func outboxThroughBothAdapters() async throws {
        try await Deployments.run { d in
            let wasupShop = try await d.connectedWasup(Self.shop)
            let wawpSupport = try await d.connectedWawp(Self.support)
            let store = try SQLiteStore.inMemory()
            let router = try MessageRouter(providers: [d.wasup, d.wawp], strategy: .roundRobin, store: store)
            await router.refresh()
            let outbox = Outbox(store: store, sender: router, concurrency: 4)
            for index in 0..<40 {
                try await outbox.enqueue(Self.text("bulk \(index)"), idempotencyKey: "bulk-\(index)")
                try await outbox.enqueue(Self.text("bulk \(index)"), idempotencyKey: "bulk-\(index)")  // a retry by the app
            }
            await outbox.dispatchDue()

            let wasupTexts = try await d.sentTexts(d.wasupBase, wasupShop)
            let wawpTexts = try await d.sentTexts(d.wawpBase, wawpSupport)
            #expect(try await outbox.counts() == [.sent: 40])
            #expect((wasupTexts + wawpTexts).sorted() == (0..<40).map { "bulk \($0)" }.sorted())
            #expect(!wasupTexts.isEmpty && !wawpTexts.isEmpty)
            #expect(try await outbox.entries(state: .sent, limit: 40).allSatisfy { $0.provider != nil && $0.instance != nil })
        }
    }
}
