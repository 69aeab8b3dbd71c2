import Foundation
import Switchboard
import Testing

@Suite("SQLiteStore as a HandoffStore")
struct SQLiteStoreHandoffTests {
    let scope = HandoffScope(provider: "wawp-main", instance: "3EB0")
    let other = HandoffScope(provider: "wawp-main", instance: "OTHER")
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("handoffs are set once, listed oldest first, scoped, cleared, and survive a restart", arguments: StoreLocation.allCases)
    func handoffs(_ location: StoreLocation) async throws {
        let test = try TestStore(location)
        defer { test.remove() }
        let store: any HandoffStore = test.store
        let alice = ChatID.person(Fixture.customer)
        let bob = ChatID.person(Fixture.unknown)

        #expect(try await store.setHandoff(true, for: bob, in: scope, at: start.addingTimeInterval(10)))
        #expect(try await store.setHandoff(true, for: alice, in: scope, at: start))
        #expect(try await store.setHandoff(true, for: alice, in: scope, at: start.addingTimeInterval(99)) == false)  // keeps its since
        #expect(try await store.setHandoff(true, for: alice, in: other, at: start))

        let reopened: any HandoffStore = try test.reopen()
        #expect(try await reopened.handoffs(in: scope) == [Handoff(chat: alice, since: start), Handoff(chat: bob, since: start.addingTimeInterval(10))])
        #expect(try await reopened.handoff(for: alice, in: scope)?.since == start)
        #expect(try await reopened.handoff(for: alice, in: HandoffScope(provider: "x", instance: "3EB0")) == nil)

        #expect(try await store.setHandoff(false, for: bob, in: scope, at: start))
        #expect(try await store.setHandoff(false, for: bob, in: scope, at: start) == false)
        #expect(try await store.clearHandoffs(in: scope) == 1)
        #expect(try await store.handoffs(in: scope).isEmpty)
        #expect(try await store.handoffs(in: other).count == 1)
    }

    @Test("settings default to empty and are replaced whole", arguments: StoreLocation.allCases)
    func settings(_ location: StoreLocation) async throws {
        let test = try TestStore(location)
        defer { test.remove() }
        #expect(try await test.store.settings(in: scope) == HandoffSettings())
        let settings = HandoffSettings(resumeKeywords: ["#bot", "resume"], resumeMessage: "The bot is back")
        try await test.store.setSettings(settings, in: scope)
        #expect(try await test.reopen().settings(in: scope) == settings)
        try await test.store.setSettings(HandoffSettings(resumeKeywords: ["#done"]), in: scope)
        #expect(try await test.store.settings(in: scope) == HandoffSettings(resumeKeywords: ["#done"]))
        #expect(try await test.store.settings(in: other) == HandoffSettings())
    }
}
