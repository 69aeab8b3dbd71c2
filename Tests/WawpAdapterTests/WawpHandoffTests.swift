import Foundation
import Switchboard
import SwitchboardWawp
import Synchronization
import Testing

/// Handoff, provided by the library: tag, list, clear, settings, refused sends, resume keywords.
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
            let store = InMemoryHandoffStore()
            let wawp = Fixture.provider(base, handoffStore: store)
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

    @Test func automatedSendsToAHandedOffChatAreRefusedBeforeAnyRequest() async throws {
        let (error, count) = try await StubServer.serving(Self.success) { base, server in
            let wawp = Fixture.provider(base)
            try await wawp.setHandoff(Fixture.instanceID, chat: Self.chat, active: true)
            let error = await Fixture.failure { try await wawp.send(.text("bot reply", to: Self.chat), from: Fixture.instanceID, origin: .automated) }
            #expect(server.requests.isEmpty)
            _ = try await wawp.send(.text("human reply", to: Self.chat), from: Fixture.instanceID, origin: .human)
            _ = try await wawp.send(.text("bot elsewhere", to: .person(Fixture.linked)), from: Fixture.instanceID, origin: .automated)
            return (error, server.requests.count)
        }
        #expect(error?.kind == .handoffActive)
        #expect(error?.surelyNotSent == true)
        #expect(count == 2)
    }

    @Test func anOperatorsResumeKeywordGivesTheChatBackAndSendsTheResumeMessage() async throws {
        let (arrivals, arrived) = AsyncStream<StubServer.Seen>.makeStream()
        let server = StubServer { request in
            arrived.yield(request)
            return Self.success
        }
        try await server.run { base in
            let wawp = Fixture.provider(base)
            try await wawp.setHandoffSettings(Fixture.instanceID, HandoffSettings(resumeKeywords: ["#bot"], resumeMessage: "The assistant is back"))
            try await wawp.setHandoff(Fixture.instanceID, chat: Self.chat, active: true)

            // Not a keyword, or sent through the API: the chat stays with the human.
            _ = try wawp.decodeWebhook(Self.operatorMessage("I will handle this"))
            _ = try wawp.decodeWebhook(Self.operatorMessage("#bot from the api", source: "api"))
            #expect(try await wawp.handoffs(Fixture.instanceID).map(\.chat) == [Self.chat])

            let events = try wawp.decodeWebhook(Self.operatorMessage("  #BOT over to you"))
            #expect(events.count == 1)
            #expect(try await wawp.handoffs(Fixture.instanceID).isEmpty)

            var iterator = arrivals.makeAsyncIterator()
            let resume = try #require(await iterator.next())
            #expect(resume.path == "/v2/send/text")
            #expect(resume.query("message") == "The assistant is back")
            #expect(resume.query("chatId") == "447441429009@c.us")
        }
        #expect(server.requests.count == 1)
    }

    @Test func theStoreKeepsTheFirstSince() throws {
        let store = InMemoryHandoffStore()
        let scope = HandoffScope(provider: "p", instance: "i")
        let first = Date(timeIntervalSince1970: 100)
        #expect(try store.setHandoff(true, for: Self.chat, in: scope, at: first))
        #expect(try store.setHandoff(true, for: Self.chat, in: scope, at: Date(timeIntervalSince1970: 200)) == false)
        #expect(try store.handoff(for: Self.chat, in: scope)?.since == first)
        #expect(try store.setHandoff(false, for: Self.chat, in: scope, at: first))
        #expect(try store.setHandoff(false, for: Self.chat, in: scope, at: first) == false)
        #expect(try store.settings(in: scope) == HandoffSettings())
    }
}
