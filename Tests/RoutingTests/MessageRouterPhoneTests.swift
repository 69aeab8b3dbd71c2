import Foundation
import Switchboard
import Testing

@Suite("MessageRouter: sending from a phone")
struct RouterPhoneTests {
    let clock = ManualTimeSource()

    /// wasup: a (shop), b (support); wawp: w1 (sales), w2 (shop, disconnected).
    func providers() -> (wasup: FakeProvider, wawp: FakeProvider) {
        (FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected), ("b", Fixture.support.digits, .connected)]),
         FakeProvider(name: "wawp", instances: [("w1", Fixture.sales.digits, .connected), ("w2", Fixture.shop.digits, .disconnected)]))
    }

    @Test("from: picks the connected instance holding that phone, on either provider")
    func routesByPhone() async throws {
        let (wasup, wawp) = providers()
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        let fromSales = try await router.send(Fixture.text(), from: Fixture.sales)
        let fromSupport = try await router.send(Fixture.text(), from: Fixture.support)
        let fromShop = try await router.send(Fixture.text(), from: Fixture.shop)

        #expect([fromSales.provider, fromSales.instance] == ["wawp", "w1"])
        #expect([fromSupport.provider, fromSupport.instance] == ["wasup", "b"])
        #expect([fromShop.provider, fromShop.instance] == ["wasup", "a"])  // w2 holds it too, but is disconnected
        #expect(wawp.attempts == ["w1"])
    }

    @Test("one number on two providers: configuration order decides", arguments: [["wasup", "wawp"], ["wawp", "wasup"]])
    func samePhoneTwoProviders(order: [String]) async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.shop.digits, .connected)])
        let byName = ["wasup": wasup, "wawp": wawp]
        let router = try MessageRouter(providers: order.map { byName[$0]! }, clock: clock)
        await router.refresh()

        let sent = try await router.send(Fixture.text(), from: Fixture.shop)
        #expect(sent.provider == order[0])
    }

    @Test("one number on two instances of a provider: the healthier first")
    func healthWithinProvider() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected), ("b", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(.unauthorized("token revoked")))  // not retryable: no cooldown, but a failure
        let router = try MessageRouter(providers: [wasup], clock: clock)
        await router.refresh()

        let first = try await router.send(Fixture.text(), from: Fixture.shop)   // a fails (surely not sent), b sends
        clock.advance(by: .seconds(1))
        let second = try await router.send(Fixture.text(), from: Fixture.shop)  // b is healthier now

        #expect(first.instance == "b")
        #expect(second.instance == "b")
        #expect(wasup.attempts == ["a", "b", "b"])
        #expect(router.routes().first { $0.instance == "a" }?.health.consecutiveFailures == 1)
    }

    @Test("a 429 refuses the number, not the instance: no failover to the same number elsewhere; the first cools for its retryAfter")
    func noFailoverOn429() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(.rateLimited("slow down", retryAfter: .seconds(30))))
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        let error = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }

        #expect(error?.kind == .rateLimited && error?.retryAfter == .seconds(30) && error?.surelyNotSent == true)
        #expect(wasup.sent.isEmpty)
        #expect(wawp.sent.isEmpty && wawp.attempts.isEmpty)
        let cooling = try #require(router.routes().first { $0.provider == "wasup" })
        #expect(cooling.cooldownRemaining == .seconds(30))
        #expect(cooling.health.lastErrorKind == .rateLimited)
        #expect(!cooling.isAvailable)
    }

    @Test("a cooling instance is skipped until its cooldown expires")
    func cooldownExpiry() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(.rateLimited("slow down", retryAfter: .seconds(30))))
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        _ = try? await router.send(Fixture.text(), from: Fixture.shop)      // a: 429 (the number is refused)
        clock.advance(by: .seconds(29))
        let during = try await router.send(Fixture.text(), from: Fixture.shop)
        #expect(router.routes().first { $0.provider == "wasup" }?.cooldownRemaining == .seconds(1))
        clock.advance(by: .seconds(1))
        let after = try await router.send(Fixture.text(), from: Fixture.shop)

        #expect(during.provider == "wawp")
        #expect(after.provider == "wasup")
        #expect(wasup.attempts == ["a", "a"])
        #expect(router.routes().allSatisfy { $0.cooldownRemaining == nil && $0.health.consecutiveFailures == 0 })
    }

    @Test("an ambiguous failure is not re-sent elsewhere; the error says so",
          arguments: [SwitchboardError.serverError("HTTP 500").from(httpStatus: 500),
                      SwitchboardError.transport(.timeout, "no answer in 30 s", ambiguous: true)])
    func noFailoverWhenAmbiguous(_ failure: SwitchboardError) async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(failure))
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        let error = await #expect(throws: SwitchboardError.self) {
            try await router.send(Fixture.text(), from: Fixture.shop)
        }
        #expect(error?.isAmbiguous == true)
        #expect(error?.kind == failure.kind)
        #expect(error?.message.contains("ambiguous") == true)
        #expect(error?.message.contains("wasup/a") == true)
        #expect(wawp.attempts.isEmpty)
        #expect(router.routes().first { $0.provider == "wasup" }?.cooldownRemaining == .seconds(5))
    }

    @Test("a handoff refusal is about the chat: no failover")
    func noFailoverOnHandoff() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(.handoffActive("a human has this chat")))
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        let error = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }
        #expect(error?.kind == .handoffActive)
        #expect(wawp.attempts.isEmpty)
    }

    @Test("no route: the error names the phone and lists the known instances with their statuses")
    func noRoute() async throws {
        let (wasup, wawp) = providers()
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        let error = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.unknown) }
        #expect(error?.kind == .notFound)
        #expect(error?.isRetryable == false)
        #expect(error?.message == "no route from +14155550100: no instance holds this number. Known instances: "
            + "wasup/a connected +447700900111; wasup/b connected +447700900222; "
            + "wawp/w1 connected +447700900333; wawp/w2 disconnected +447700900111")
    }

    @Test("a phone whose instances are all disconnected is not ready, naming them")
    func holderNotConnected() async throws {
        let wawp = FakeProvider(name: "wawp", instances: [("w2", Fixture.shop.digits, .disconnected)])
        let router = try MessageRouter(providers: [wawp], clock: clock)
        await router.refresh()

        let error = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }
        #expect(error?.kind == .instanceNotReady)
        #expect(error?.message.hasPrefix("no route from +447700900111: no instance holding it is connected (wawp/w2 is disconnected)") == true)
    }

    @Test("no instances known at all: the error says the routes may need a refresh")
    func nothingKnown() async throws {
        let router = try MessageRouter(providers: [FakeProvider(name: "wasup")], clock: clock)
        let error = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }
        #expect(error?.message.contains("Known instances: none") == true)
    }

    @Test("every candidate cooling: rateLimited with the shortest remaining wait")
    func allCooling() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(.rateLimited("slow down", retryAfter: .seconds(20))))
        wawp.script("w", .failure(.rateLimited("slow down", retryAfter: .seconds(12))))
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        // Each 429 refuses the number at once (no failover); with both cooling, the shortest wait.
        let first = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }
        let second = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }
        clock.advance(by: .seconds(5))
        let third = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }

        #expect(first?.kind == .rateLimited && first?.retryAfter == .seconds(20))
        #expect(second?.kind == .rateLimited && second?.retryAfter == .seconds(12))
        #expect(third?.kind == .rateLimited)
        #expect(third?.retryAfter == .seconds(7))
        #expect(third?.message.contains("every instance that can send from +447700900111 is cooling down") == true)
        #expect(third?.message.contains("the shortest wait is 7s (wawp/w)") == true)
        #expect(wasup.attempts.count == 1 && wawp.attempts.count == 1)
    }

    @Test("failover exhausted without cooling: the last error, listing every attempt")
    func exhausted() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.shop.digits, .connected)])
        wasup.script("a", .failure(.unauthorized("bad key")))
        wawp.script("w", .failure(.quotaExceeded("plan limit")))
        let router = try MessageRouter(providers: [wasup, wawp], clock: clock)
        await router.refresh()

        let error = await #expect(throws: SwitchboardError.self) { try await router.send(Fixture.text(), from: Fixture.shop) }
        #expect(error?.kind == .quotaExceeded)
        #expect(error?.isAmbiguous == false)
        #expect(error?.message.contains("tried 2 instances: wasup/a: unauthorized, wawp/w: quotaExceeded") == true)
    }

    @Test("two providers with one name are refused")
    func duplicateNames() async {
        #expect(throws: SwitchboardError.self) {
            try MessageRouter(providers: [FakeProvider(name: "x"), FakeProvider(name: "x")])
        }
    }
}
