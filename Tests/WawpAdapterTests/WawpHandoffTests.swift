import Foundation
import Switchboard
import SwitchboardWawp
import Synchronization
import TestSupport
import Testing

/// Handoff, provided by the library: tag, list, clear and settings in the client's store. The guard
/// and the resume keywords belong to SwitchboardClient (Tests/ClientTests).
@Suite struct WawpHandoffTests {
    static let chat = ChatID.person(Fixture.customer)
    static let success = StubServer.Answer(200, "Success: Operation completed successfully.")

    /// An operator's message from the phone, as `message.any` delivers it.
    static func operatorMessage(_ text: String, id: String = UUID().uuidString, source: String = "app") -> WebhookDelivery {
        WebhookDelivery(body: Data("""
        {"id":"\(id)","timestamp":1634567890123,"session":"\(Fixture.instanceID)","event":"message.any",
         "payload":{"id":"true_447441429009@c.us_\(id)","timestamp":1666943582,"from":"11111111111@c.us","fromMe":true,
                    "source":"\(source)","to":"447441429009@c.us","body":"\(text)"},
         "me":{"id":"11111111111@c.us"}}
        """.utf8))
    }

    @Test func capabilitiesSayTheLibraryProvidesHandoff() {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        #expect(wawp.capabilities.support(for: .handoff) == .library)
    }

    @Test func tagListClearWithoutAnyRequest() async throws {
        let count = try await StubServer.serving(Self.success) { base, server in
            let wawp = Fixture.provider(base, store: try SQLiteStore.inMemory())
            let group = try ChatID("120363041234567890@g.us")
            try await wawp.setHandoff(Fixture.instanceID, chat: Self.chat, active: true)
            try await wawp.setHandoff(Fixture.instanceID, chat: group, active: true)
            try await wawp.setHandoff(Fixture.instanceID, chat: Self.chat, active: true)
            #expect(try await wawp.handoffs(Fixture.instanceID).map(\.chat) == [Self.chat, group])
            #expect(try await wawp.handoffs("OTHER").isEmpty, "state is per instance")
            try await wawp.setHandoff(Fixture.instanceID, chat: group, active: false)
            #expect(try await wawp.handoffs(Fixture.instanceID).map(\.chat) == [Self.chat])
            #expect(try await wawp.clearHandoffs(Fixture.instanceID) == 1)
            #expect(try await wawp.handoffs(Fixture.instanceID).isEmpty)
            let settings = HandoffSettings(resumeKeywords: ["#bot"], resumeMessage: "Back to the bot")
            try await wawp.setHandoffSettings(Fixture.instanceID, settings)
            #expect(try await wawp.handoffSettings(Fixture.instanceID) == settings)
            return server.requests.count
        }
        #expect(count == 0)
    }

    @Test func operatorMessagesAreToldFromAPIMessages() throws {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        let typed = try wawp.decodeWebhook(Self.operatorMessage("#bot over to you"))
        let viaAPI = try wawp.decodeWebhook(Self.operatorMessage("#bot from the api", source: "api"))
        guard case .message(let operatorMessage)? = typed.first?.body, case .message(let apiMessage)? = viaAPI.first?.body else {
            Issue.record("not messages: \(typed) \(viaAPI)")
            return
        }
        #expect(operatorMessage.fromMe && !operatorMessage.sentThroughAPI)
        #expect(apiMessage.fromMe && apiMessage.sentThroughAPI)
    }

    @Test func withoutAStoreHandoffCallsSayWhy() async {
        let wawp = Fixture.provider("http://127.0.0.1:9")
        let error = await Fixture.failure { try await wawp.handoffs(Fixture.instanceID) }
        #expect(error?.kind == .invalidRequest)
        #expect(error?.message.contains("store") == true)
    }

    @Test func theStoreKeepsTheFirstSince() async throws {
        let store = try SQLiteStore.inMemory()
        let scope = HandoffScope(provider: "p", instance: "i")
        let first = Date(timeIntervalSince1970: 100)
        #expect(try await store.setHandoff(true, for: Self.chat, in: scope, at: first))
        #expect(try await store.setHandoff(true, for: Self.chat, in: scope, at: Date(timeIntervalSince1970: 200)) == false)
        #expect(try await store.handoff(for: Self.chat, in: scope)?.since == first)
        #expect(try await store.setHandoff(false, for: Self.chat, in: scope, at: first))
        #expect(try await store.setHandoff(false, for: Self.chat, in: scope, at: first) == false)
        #expect(try await store.settings(in: scope) == HandoffSettings())
    }
}
