import Foundation
import Switchboard
import Testing

/// Instances, handoffs, LIDs, aliases and sent ids: the store contract, against every store.
@Suite("Store behaviour: instances, handoffs, LIDs, aliases, sent ids")
struct StoreStateTests {
    let now = Fixture.now
    let scope = HandoffScope(provider: "wawp-main", instance: "3EB0")
    let otherScope = HandoffScope(provider: "wawp-main", instance: "OTHER")

    @Test("instances: save, update in place, replace a provider's listing, remove", arguments: StoreUnderTest.allCases)
    func instances(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            try await store.saveInstance(Instance(provider: "wawp", id: "w1", name: "Main", status: .pairing), at: now)
            try await store.replaceInstances(of: "wasup", with: [
                Instance(provider: "ignored", id: "b", status: .connected, phone: Fixture.shop),
                Instance(provider: "wasup", id: "a", status: .disconnected),
            ], at: now)
            try await store.saveInstance(Instance(provider: "wawp", id: "w1", name: "Main", status: .connected, phone: Fixture.support),
                                         at: now.addingTimeInterval(5))
            try await store.saveInstance(Instance(provider: "wasup", id: "c", status: .connected), at: now)

            var stored = try await harness.reopen().instances()
            #expect(stored.map { "\($0.instance.provider)/\($0.instance.id)" } == ["wasup/b", "wasup/a", "wasup/c", "wawp/w1"])
            #expect(stored[0].instance.phone == Fixture.shop)
            #expect(stored[3].instance.status == .connected)
            #expect(stored[3].instance.name == "Main")
            #expect(stored[3].instance.phone == Fixture.support)
            #expect(stored[3].updated == now.addingTimeInterval(5))

            try await store.replaceInstances(of: "wasup", with: [Instance(provider: "wasup", id: "a", status: .connected)], at: now)
            stored = try await store.instances()
            #expect(stored.map(\.instance.id) == ["a", "w1"])
            #expect(try await store.removeInstance(provider: "wasup", id: "a"))
            #expect(try await !store.removeInstance(provider: "wasup", id: "a"))
            #expect(try await store.instances().map(\.instance.id) == ["w1"])
        }
    }

    @Test("handoffs are set once, listed oldest first, scoped, replaced, cleared, and shared", arguments: StoreUnderTest.allCases)
    func handoffs(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let alice = ChatID.person(Fixture.customer)
            let bob = ChatID.person(Fixture.unknown)

            #expect(try await store.setHandoff(true, for: bob, in: scope, at: now.addingTimeInterval(10)))
            #expect(try await store.setHandoff(true, for: alice, in: scope, at: now))
            #expect(try await !store.setHandoff(true, for: alice, in: scope, at: now.addingTimeInterval(99)))  // keeps its since
            #expect(try await store.setHandoff(true, for: alice, in: otherScope, at: now))

            let other = try await harness.reopen()
            #expect(try await other.handoffs(in: scope) == [Handoff(chat: alice, since: now), Handoff(chat: bob, since: now.addingTimeInterval(10))])
            #expect(try await other.handoff(for: alice, in: scope)?.since == now)
            #expect(try await other.handoff(for: alice, in: HandoffScope(provider: "x", instance: "3EB0")) == nil)

            // Each read sees the other connection's latest commit (the SQLite store reads this one
            // on the calling thread through its inline connections).
            #expect(try await other.handoff(for: bob, in: scope) != nil)
            #expect(try await store.setHandoff(false, for: bob, in: scope, at: now))
            #expect(try await other.handoff(for: bob, in: scope) == nil)
            #expect(try await store.handoff(for: bob, in: scope) == nil)
            #expect(try await !store.setHandoff(false, for: bob, in: scope, at: now))
            #expect(try await store.clearHandoffs(in: scope) == 1)
            #expect(try await store.handoffs(in: scope).isEmpty)
            #expect(try await store.handoffs(in: otherScope).count == 1)

            // Mirroring a provider's list replaces the scope's handoffs whole; undated ones sort last.
            try await store.replaceHandoffs(in: otherScope, with: [Handoff(chat: bob, since: nil), Handoff(chat: alice, since: now)])
            #expect(try await other.handoffs(in: otherScope) == [Handoff(chat: alice, since: now), Handoff(chat: bob, since: nil)])
            try await store.replaceHandoffs(in: otherScope, with: [])
            #expect(try await other.handoffs(in: otherScope).isEmpty)
        }
    }

    @Test("handoff settings default to empty and are replaced whole", arguments: StoreUnderTest.allCases)
    func handoffSettings(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            #expect(try await store.settings(in: scope) == HandoffSettings())
            let settings = HandoffSettings(resumeKeywords: ["#bot", "resume"], resumeMessage: "The bot is back")
            try await store.setSettings(settings, in: scope)
            #expect(try await harness.reopen().settings(in: scope) == settings)
            try await store.setSettings(HandoffSettings(resumeKeywords: ["#done"]), in: scope)
            #expect(try await store.settings(in: scope) == HandoffSettings(resumeKeywords: ["#done"]))
            #expect(try await store.settings(in: otherScope) == HandoffSettings())
        }
    }

    @Test("LIDs map to phones and back, the latest winning", arguments: StoreUnderTest.allCases)
    func lids(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            let lid = try ChatID("123456789012345@lid")
            let newer = try ChatID("999999999999999@lid")
            try await store.rememberLID(lid, phone: Fixture.customer, at: now)
            try await store.rememberLID(newer, phone: Fixture.customer, at: now.addingTimeInterval(1))
            let other = try await harness.reopen()
            #expect(try await other.phone(forLID: lid) == Fixture.customer)
            #expect(try await other.lid(forPhone: Fixture.customer) == newer)
            #expect(try await other.phone(forLID: ChatID("111111111111111@lid")) == nil)
            #expect(try await other.lid(forPhone: Fixture.unknown) == nil)
            await #expect(throws: SwitchboardError.self) {
                try await store.rememberLID(.person(Fixture.shop), phone: Fixture.shop, at: now)
            }
        }
    }

    @Test("aliases name instances per provider", arguments: StoreUnderTest.allCases)
    func aliases(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            try await store.rememberAlias("default", for: "3EB0", provider: "wawp-main")
            try await store.rememberAlias("default", for: "9F11", provider: "wawp-backup")
            #expect(try await harness.reopen().instance(forAlias: "default", provider: "wawp-main") == "3EB0")
            try await store.rememberAlias("default", for: "4C22", provider: "wawp-main")
            #expect(try await store.instance(forAlias: "default", provider: "wawp-main") == "4C22")
            #expect(try await store.instance(forAlias: "default", provider: "wawp-backup") == "9F11")
            #expect(try await store.instance(forAlias: "other", provider: "wawp-main") == nil)
        }
    }

    @Test("sent ids are known per provider, in short or serialized form", arguments: StoreUnderTest.allCases)
    func sentIDs(_ kind: StoreUnderTest) async throws {
        try await StoreHarness.with(kind) { harness in
            let store = harness.store
            try await store.rememberSent("true_33612345678@c.us_3EB0SENT", instance: "3EB0", provider: "wawp-main", at: now)
            try await store.rememberSent("3EB0SHORT", instance: "3EB0", provider: "wawp-main", at: now)
            try await store.rememberSent("3EB0SHORT", instance: "3EB0", provider: "wawp-main", at: now)  // harmless twice
            let other = try await harness.reopen()
            #expect(try await other.wasSent("3EB0SENT", provider: "wawp-main"))
            #expect(try await other.wasSent("true_33612345678@c.us_3EB0SENT", provider: "wawp-main"))
            #expect(try await other.wasSent("true_33612345678@c.us_3EB0SHORT", provider: "wawp-main"))
            #expect(try await !other.wasSent("3EB0SENT", provider: "wasup"))
            #expect(try await !other.wasSent("3EB0OTHER", provider: "wawp-main"))
        }
    }
}
