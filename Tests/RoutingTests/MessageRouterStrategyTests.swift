import Foundation
import Switchboard
import Testing

@Suite("MessageRouter: strategies without a phone, cooldown policy")
struct RouterStrategyTests {
    let clock = ManualTimeSource()

    /// wasup: a, b (connected), x (pairing); wawp: w (connected).
    func router(_ strategy: RoutingStrategy) async throws -> (MessageRouter, FakeProvider, FakeProvider) {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected),
                                                            ("x", nil, .pairing),
                                                            ("b", Fixture.support.digits, .connected)])
        let wawp = FakeProvider(name: "wawp", instances: [("w", Fixture.sales.digits, .connected)])
        let router = try MessageRouter(providers: [wasup, wawp], strategy: strategy, clock: clock)
        await router.refresh()
        return (router, wasup, wawp)
    }

    func sendFour(_ router: MessageRouter) async throws -> [String] {
        var used: [String] = []
        for _ in 0..<4 {
            used.append(try await router.send(Fixture.text()).instance)
            clock.advance(by: .seconds(1))
        }
        return used
    }

    @Test("first-connected: always the first connected instance in configuration order")
    func firstConnected() async throws {
        let (router, _, _) = try await router(.firstConnected)
        #expect(try await sendFour(router) == ["a", "a", "a", "a"])
    }

    @Test("round-robin: each send starts at the next connected instance")
    func roundRobin() async throws {
        let (router, _, _) = try await router(.roundRobin)
        #expect(try await sendFour(router) == ["a", "b", "w", "a"])
    }

    @Test("least-recently-used: the instance idle longest")
    func leastRecentlyUsed() async throws {
        let (router, wasup, _) = try await router(.leastRecentlyUsed)
        wasup.script("b", .failure(.unauthorized("bad key")))  // b fails once: w takes its turn, b counts as used
        #expect(try await sendFour(router) == ["a", "w", "a", "b"])
    }

    @Test("a strategy skips cooling instances and fails over")
    func strategySkipsCooling() async throws {
        let (router, wasup, _) = try await router(.firstConnected)
        wasup.script("a", .failure(.transport(.connectionRefused, "refused")))
        let first = try await router.send(Fixture.text())
        let second = try await router.send(Fixture.text())
        #expect(first.instance == "b")
        #expect(second.instance == "b")
        #expect(wasup.attempts == ["a", "b", "b"])
    }

    @Test("5xx and transport failures cool 5 s, doubling to 60 s; a 429 cools for its retryAfter")
    func cooldownPolicy() async {
        let policy = CooldownPolicy()
        let refused = SwitchboardError.transport(.connectionRefused, "refused")
        #expect((1...6).map { policy.cooldown(after: refused, consecutiveFailures: $0) }
                == [.seconds(5), .seconds(10), .seconds(20), .seconds(40), .seconds(60), .seconds(60)])
        #expect(policy.cooldown(after: .serverError("500"), consecutiveFailures: 2) == .seconds(10))
        #expect(policy.cooldown(after: .rateLimited("429", retryAfter: .seconds(90)), consecutiveFailures: 3) == .seconds(90))
        #expect(policy.cooldown(after: .rateLimited("429"), consecutiveFailures: 1) == .seconds(5))
        #expect(policy.cooldown(after: .unauthorized("401"), consecutiveFailures: 1) == nil)
        #expect(policy.cooldown(after: .invalidRequest("400"), consecutiveFailures: 1) == nil)
    }

    @Test("consecutive failures through the router double the cooldown; a success resets it")
    func cooldownDoublesThroughRouter() async throws {
        let wasup = FakeProvider(name: "wasup", instances: [("a", Fixture.shop.digits, .connected)])
        let refused = SwitchboardError.transport(.connectionRefused, "refused")
        wasup.script("a", .failure(refused), .failure(refused), .failure(refused))
        let router = try MessageRouter(providers: [wasup], clock: clock)
        await router.refresh()

        var cooldowns: [Duration?] = []
        for _ in 0..<3 {
            _ = try? await router.send(Fixture.text(), from: Fixture.shop)
            let route = try #require(router.routes().first)
            cooldowns.append(route.cooldownRemaining)
            clock.advance(by: route.cooldownRemaining ?? .zero)
        }
        let sent = try await router.send(Fixture.text(), from: Fixture.shop)

        #expect(cooldowns == [.seconds(5), .seconds(10), .seconds(20)])
        #expect(sent.instance == "a")
        #expect(router.routes().first?.health.consecutiveFailures == 0)
    }
}
