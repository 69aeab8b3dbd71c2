import Foundation
import Switchboard
import SwitchboardWawp
import TestSupport
import Testing

/// The adapter against the Wawp emulator: a stateful Wawp on loopback, the phone played through
/// its control API. Every run also checks that no request broke the spec's catalog.
@Suite struct WawpEmulatorRoundTripTests {
    static let customer = ChatID.person(Fixture.customer)

    @Test func pairByQRThenStopKeepsCredentialsAndLogoutForgetsThem() async throws {
        try await WawpEmulatorHarness.run { harness in
            let wawp = harness.provider
            let created = try await wawp.createInstance(InstanceDraft())
            #expect(created.status == .disconnected)
            guard case .qr(let qr) = try await wawp.connect(created.id, method: .qr) else {
                Issue.record("no QR"); return
            }
            #expect(qr.value?.isEmpty == false)
            #expect(qr.png?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
            #expect(try await wawp.pairingState(created.id).status == .pairing)

            try await harness.control(.post, "instances/\(created.id)/scan", ["phone": Fixture.linked.digits])
            let connected = try await wawp.instance(created.id)
            #expect(connected.status == .connected)
            #expect(connected.phone == Fixture.linked)
            #expect(try await wawp.pairingState(created.id) == .connected(Fixture.linked))
            #expect(try await wawp.listInstances().map(\.id) == [created.id])

            try await wawp.disconnect(created.id)
            #expect(try await wawp.instance(created.id).status == .disconnected)
            #expect(try await wawp.connect(created.id, method: .qr) == .connected(Fixture.linked), "credentials were kept")

            try await wawp.restart(created.id)
            #expect(try await wawp.connect(created.id, method: .qr) == .connected(Fixture.linked))

            try await wawp.logout(created.id)
            guard case .qr = try await wawp.connect(created.id, method: .qr) else {
                Issue.record("after logout the instance must pair again"); return
            }
        }
    }

    @Test func pairByCode() async throws {
        try await WawpEmulatorHarness.run { harness in
            let wawp = harness.provider
            let created = try await wawp.createInstance(InstanceDraft())
            guard case .code(let code) = try await wawp.connect(created.id, method: .code(phone: Fixture.linked)) else {
                Issue.record("no pairing code"); return
            }
            try await harness.control(.post, "instances/\(created.id)/confirm-code", ["code": code])
            #expect(try await wawp.instance(created.id).phone == Fixture.linked)
        }
    }

    @Test func everyContentTypeArrivesWithItsId() async throws {
        try await WawpEmulatorHarness.run { harness in
            let wawp = harness.provider
            let id = try await harness.connectedInstance()
            let chat = Self.customer
            let messages: [(OutboundMessage, String)] = [
                (.text("Hello", to: chat), "text"),
                (OutboundMessage(to: chat, content: .linkPreview(LinkPreview(text: "See https://wawp.net", url: "https://wawp.net", title: "Wawp"))), "link_preview"),
                (OutboundMessage(to: chat, content: .image(Media(url: "https://files.example/cat.jpg", caption: "cat"))), "image"),
                (OutboundMessage(to: chat, content: .video(Media(url: "https://files.example/clip.mp4", caption: "clip"))), "video"),
                (OutboundMessage(to: chat, content: .voiceNote(Media(url: "https://files.example/note.ogg"))), "voice"),
                (OutboundMessage(to: chat, content: .audio(Media(url: "https://files.example/song.mp3")), allowsDegradation: true), "voice"),
                (OutboundMessage(to: chat, content: .document(Media(url: "https://files.example/invoice.pdf", caption: "Invoice"))), "document"),
                (OutboundMessage(to: chat, content: .location(Location(latitude: 51.5074, longitude: -0.1278, name: "London", address: "UK"))), "location"),
                (OutboundMessage(to: chat, content: .contact(ContactCard(name: "Wawp Support", phone: Phone(e164Digits: "201111111111")))), "contact"),
                (OutboundMessage(to: chat, content: .list(ListMessage(text: "Pick", buttonTitle: "Menu", sections: [.init(title: "S", rows: [.init(id: "r1", title: "One")])], title: "T", footer: "F"))), "list"),
                (OutboundMessage(to: chat, content: .poll(Poll(question: "Tea?", options: ["Yes", "No"]))), "poll"),
                (OutboundMessage(to: chat, content: .buttons(ButtonsMessage(text: "Choose", buttons: [.init(id: "y", title: "Yes")])), allowsDegradation: true), "text"),
            ]
            var ids: [MessageID] = []
            for (message, _) in messages {
                let sent = try await wawp.send(message, from: id)
                let messageID = try #require(sent.id, "no id for \(message.content.feature)")
                ids.append(messageID)
            }
            let sent = try await harness.sent(id)
            #expect(sent.count == messages.count)
            #expect(sent.map { $0["messageType"] as? String ?? "?" } == messages.map(\.1))
            #expect(sent.map { $0["messageId"] as? String ?? "?" } == ids.map(\.rawValue), "the adapter reads the id of every answer shape")
            #expect(sent.allSatisfy { $0["chatId"] as? String == "447441429009@c.us" })
            #expect(sent[0]["text"] as? String == "Hello")
            #expect(sent[11]["text"] as? String == "Choose\n\n1. Yes")
            #expect((sent[8]["vCards"] as? [String])?.first?.contains("FN:Wawp Support") == true)

            // A reply quotes the first message.
            let reply = try await wawp.send(.text("Re", to: chat, replyTo: ids[0]), from: id)
            #expect(try await harness.sent(id).last?["replyTo"] as? String == ids[0].rawValue)
            #expect(reply.id != nil)
        }
    }

    @Test func signalsHistoryProfileAndLIDs() async throws {
        try await WawpEmulatorHarness.run { harness in
            let wawp = harness.provider
            let id = try await harness.connectedInstance()
            let chat = Self.customer
            let inbound = try await harness.control(.post, "instances/\(id)/inbound", ["from": Fixture.customer.digits, "text": "Hi shop"])
            let inboundID = MessageID(try #require(inbound["messageId"] as? String))
            let sent = try await wawp.send(.text("Hi customer", to: chat), from: id)

            try await wawp.react(id, to: inboundID, in: chat, emoji: "👍")
            try await wawp.setTyping(id, in: chat, true)
            try await wawp.setTyping(id, in: chat, false)
            try await wawp.markSeen(id, in: chat, messages: [inboundID])
            let types = try await harness.sent(id).map { $0["messageType"] as? String ?? "?" }
            #expect(types.filter { $0 != "text" } == ["reaction", "typing", "typing", "seen"])

            let history = try await wawp.messages(id, in: chat, limit: 10)
            #expect(history.map(\.text) == ["Hi shop", "Hi customer"])
            #expect(history.map(\.fromMe) == [false, true])
            #expect(history.last?.id == sent.id)
            #expect(try await wawp.messages(id, in: nil, limit: 1).map(\.text) == ["Hi customer"])

            try await wawp.setProfileName(id, "Corner Shop")
            try await wawp.setProfileAbout(id, "Open 9-5")
            let profile = try await wawp.profile(id)
            #expect(profile.name == "Corner Shop")
            #expect(profile.about == "Open 9-5")

            let lid = try #require(try await wawp.lid(forPhone: Fixture.customer, instance: id))
            #expect(lid.kind == .lid)
            #expect(try await wawp.phone(forLID: lid.jid, instance: id) == Fixture.customer)
        }
    }

    @Test func webhooksAreVerifiedAndDecoded() async throws {
        let receiver = StubServer { _ in .init(200, "{}") }
        try await receiver.run { receiverBase in
            try await WawpEmulatorHarness.run { harness in
                let wawp = harness.provider
                try await harness.control(.post, "webhook", ["url": receiverBase + "/hook", "secret": Fixture.webhookSecret])
                let id = try await harness.connectedInstance()
                try await harness.control(.post, "instances/\(id)/inbound", ["from": Fixture.customer.digits, "text": "Hello from the phone"])

                var events: [InboundEvent] = []
                for request in receiver.requests {
                    let delivery = WebhookDelivery(target: request.path, headers: request.headers.map { ($0.key, $0.value) }, body: request.body)
                    try wawp.verifyWebhook(delivery)
                    events += try wawp.decodeWebhook(delivery)
                }
                #expect(events.allSatisfy { $0.instance == id && $0.provider == "wawp-test" })
                #expect(events.contains { $0.body == .instanceStatus(.connected, phone: Fixture.linked) })
                let texts = events.compactMap { event -> String? in if case .message(let message) = event.body { message.text } else { nil } }
                #expect(texts == ["Hello from the phone", "Hello from the phone"], "message and message.any")

                // A forged delivery is refused.
                guard let last = receiver.requests.last else { Issue.record("no webhook arrived"); return }
                var forged = last.body
                forged.append(contentsOf: Array(" ".utf8))
                let delivery = WebhookDelivery(headers: last.headers.map { ($0.key, $0.value) }, body: forged)
                #expect(throws: SwitchboardError.self) { try wawp.verifyWebhook(delivery) }
            }
        }
    }

    @Test func errorsFromTheEmulatorMapToTheTaxonomy() async throws {
        try await WawpEmulatorHarness.run { harness in
            let wawp = harness.provider
            let missing = await Fixture.failure { try await wawp.instance("NOPE00000000") }
            #expect(missing?.kind == .notFound)
            #expect(missing?.providerCode == "invalid_session")

            let created = try await wawp.createInstance(InstanceDraft())
            let notReady = await Fixture.failure { try await wawp.send(.text("too early", to: Self.customer), from: created.id) }
            #expect(notReady?.kind == .instanceNotReady)
            #expect(notReady?.providerCode == "session_unexpected_status")

            try await wawp.deleteInstance(created.id)
            #expect(await Fixture.failure { try await wawp.instance(created.id) }?.kind == .notFound)

            let wrongToken = WawpProvider(name: "wawp-test", baseURL: harness.base, accessToken: "wrong-token", transport: Fixture.transport)
            let unauthorized = await Fixture.failure { try await wrongToken.createInstance(InstanceDraft()) }
            #expect(unauthorized?.kind == .unauthorized)
            #expect(unauthorized?.providerCode == "invalid_access_token")
        }
    }
}
