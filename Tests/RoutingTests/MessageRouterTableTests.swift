import Foundation
import Switchboard
import Testing

@Suite("MessageRouter: the routing table (refresh, status events, persistence, snapshot)")
struct RouterTableTests {
    let clock = ManualTimeSource()

    @Test("a status event updates the route at once")
    func statusEvent() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let router = try MessageRouter(providers: [wasup], clock: clock)
        await router.refresh()

        let down = InboundEvent(provider: "wasup", instance: "a", id: "e1", body: .instanceStatus(.disconnected, phone: nil))
        #expect(await router.apply(down))
        let error = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }
        #expect(error?.kind == .instanceNotReady)

        // Re-paired with another number: the event carries the new phone.
        let up = InboundEvent(provider: "wasup", instance: "a", id: "e2", body: .instanceStatus(.connected, phone: Fixture.sales))
        #expect(await router.apply(up))
        let sent = try await router.send(Fixture.text(), from: Fixture.sales)
        #expect(sent.instance == "a")
        #expect(wasup.attempts == ["a"])
    }

    @Test("a status event for an instance not listed yet adds it; other events and providers change nothing")
    func statusEventNewInstance() async throws {
        let wasup = FakeProvider(name: "wasup")
        let router = try MessageRouter(providers: [wasup], clock: clock)
        let created = InboundEvent(provider: "wasup", instance: "new", id: "e1", body: .instanceStatus(.connected, phone: Fixture.shop))
        let elsewhere = InboundEvent(provider: "other", instance: "z", id: "e2", body: .instanceStatus(.connected, phone: Fixture.shop))
        let message = InboundEvent(provider: "wasup", instance: "new", id: "e3", body: .other(type: "x", raw: "{}"))

        #expect(await router.apply(created))
        #expect(await router.apply(elsewhere) == false)
        #expect(await router.apply(message) == false)
        #expect(router.routes().map(\.description) == ["wasup/new connected +447700900111"])
        #expect(try await router.send(Fixture.text(), from: Fixture.shop).instance == "new")
    }

    @Test("a refresh replaces a provider's routes; a failed one keeps them and is reported")
    func refresh() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected), ("b", nil, .pairing)])
        let router = try MessageRouter(providers: [wasup], clock: clock)
        #expect(await router.refresh().isEmpty)
        #expect(router.routes().map(\.instance) == ["a", "b"])

        wasup.setInstances([Instance(provider: "wasup", id: "b", status: .connected, phone: Fixture.support)])
        await router.refresh()
        #expect(router.routes().map(\.description) == ["wasup/b connected +447700900222"])

        wasup.failListing(with: .upstreamUnavailable("maintenance"))
        let failures = await router.refresh()
        #expect(failures["wasup"]?.kind == .upstreamUnavailable)
        let snapshot = router.snapshot()
        #expect(snapshot.routes.map(\.instance) == ["b"])
        #expect(snapshot.refreshFailures["wasup"]?.contains("maintenance") == true)
        #expect(snapshot.strategy == .firstConnected)
    }

    @Test("a listing without phones keeps the phone a status event taught")
    func listingKeepsPhone() async throws {
        let wawp = FakeProvider(name: "wawp", instances: [("w", nil, .connected)])
        let router = try MessageRouter(providers: [wawp], clock: clock)
        await router.refresh()
        await router.updateStatus(provider: "wawp", instance: "w", status: .connected, phone: Fixture.shop)
        await router.refresh()
        #expect(router.routes().first?.phone == Fixture.shop)
    }

    @Test("routes are persisted: a new router on the same store routes before any refresh", arguments: StoreLocation.allCases)
    func persisted(_ location: StoreLocation) async throws {
        let test = try TestStore(location)
        defer { test.remove() }
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.sales.digits, .connected)])
        let first = try MessageRouter(providers: [wasup, wawp], store: test.store, clock: clock)
        await first.refresh()
        await first.updateStatus(provider: "wawp", instance: "w", status: .failed, phone: nil)

        let restarted = try MessageRouter(providers: [wasup, wawp], store: try test.reopen(), clock: clock)
        try await restarted.loadRoutes()
        #expect(restarted.routes().map(\.description) == ["wasup/a connected +447700900111", "wawp/w failed +447700900333"])
        #expect(try await restarted.send(Fixture.text(), from: Fixture.shop).instance == "a")

        let wasupOnly = try MessageRouter(providers: [wasup], store: try test.reopen(), clock: clock)
        try await wasupOnly.loadRoutes()
        #expect(wasupOnly.routes().map(\.provider) == ["wasup"])
    }

    @Test("the snapshot is Codable for `switchboard routes --json`")
    func snapshotCodable() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(.rateLimited("slow", retryAfter: .seconds(3))))
        let router = try MessageRouter(providers: [wasup], clock: clock)
        await router.refresh()
        _ = try? await router.send(Fixture.text())
        let snapshot = router.snapshot()
        let decoded = try JSONDecoder().decode(RoutingSnapshot.self, from: JSONEncoder().encode(snapshot))
        #expect(decoded == snapshot)
        #expect(decoded.routes.first?.cooldownRemaining == .seconds(3))
    }
}
