import Foundation
import HTTPTypes
import Switchboard
import SwitchboardWasup
import Testing

/// The adapter against the Wasup emulator, over libcurl, with the phone's side played through the
/// emulator's control API. Every test ends by checking the emulator's request log for requests the
/// Wasup spec does not define.
@Suite struct WasupEmulatorRoundTripTests {
    static let phone = Phone(e164Digits: "447700900123")
    static let customer = ChatID.person(Fixture.customer)

    @Test func qrPairingReachesConnectedWithThePhone() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let created = try await provider.createInstance(InstanceDraft(name: "Support"))
            #expect(created.status == .disconnected)
            #expect(created.name == "Support")

            let shown = try await provider.connect(created.id, method: .qr)
            guard case .qr(let code) = shown else {
                Issue.record("connect answered \(shown), not a QR")
                return
            }
            #expect(code.png?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true, "the QR is a PNG")
            #expect(try await provider.pairingState(created.id) == shown)
            #expect(try await provider.instance(created.id).status == .pairing)

            try await harness.scan(created.id, phone: Self.phone)
            #expect(try await provider.pairingState(created.id) == .connected(Self.phone))
            let connected = try await provider.instance(created.id)
            #expect(connected.status == .connected)
            #expect(connected.phone == Self.phone)
            #expect(try await provider.listInstances().map(\.id).contains(created.id))
        }
    }

    @Test func codePairingShowsAnXXXXDashXXXXCode() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let created = try await provider.createInstance(InstanceDraft(id: "wa_code_pairing"))
            let state = try await provider.connect(created.id, method: .code(phone: Self.phone))
            guard case .code(let code) = state else {
                Issue.record("connect answered \(state), not a code")
                return
            }
            #expect(code.wholeMatch(of: /[A-Z0-9]{4}-[A-Z0-9]{4}/) != nil, "\(code)")
            #expect(try await provider.pairingState(created.id) == .code(code))
            try await harness.control("instances/\(created.id)/confirm-code", ["code": code])
            #expect(try await provider.pairingState(created.id) == .connected(Self.phone))
        }
    }

    @Test func disconnectKeepsCredentialsAndLogoutForgetsThem() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let instance = try await harness.connectedInstance(phone: Self.phone)

            try await provider.disconnect(instance.id)
            #expect(try await provider.instance(instance.id).status == .disconnected)
            #expect(try await provider.connect(instance.id, method: .qr) == .connected(Self.phone), "no pairing after a disconnect")

            try await provider.logout(instance.id)
            #expect(try await provider.instance(instance.id).status == .disconnected)
            let again = try await provider.connect(instance.id, method: .qr)
            #expect(again.status == .pairing, "a logout needs pairing again, got \(again)")
        }
    }

    @Test func instancesUpdateDeleteThenNotFound() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let created = try await provider.createInstance(InstanceDraft(id: "wa_lifecycle", name: "Before"))
            let updated = try await provider.updateInstance(created.id, InstanceUpdate(name: "After", webhookURL: "https://hooks.example.com/w"))
            #expect(updated.name == "After")
            #expect(updated.webhookURL == "https://hooks.example.com/w")
            try await provider.deleteInstance(created.id)
            let error = await Fixture.failure { try await provider.instance(created.id) }
            #expect(error?.kind == .notFound)
            let again = await Fixture.failure { try await provider.deleteInstance(created.id) }
            #expect(again?.kind == .notFound)
        }
    }

    /// Every content type, sent through the adapter, as the phone's side records it.
    static let contents: [(OutboundContent, String, [String: String])] = [
        (.text("Hello ✅ مرحبا"), "text", ["message": "Hello ✅ مرحبا"]),
        (.linkPreview(LinkPreview(text: "Menu: https://example.com/menu", url: "https://example.com/menu")), "text",
         ["message": "Menu: https://example.com/menu"]),
        (.image(Media(url: "https://example.com/a.jpg", caption: "Look")), "image", ["mediaUrl": "https://example.com/a.jpg", "message": "Look"]),
        (.video(Media(url: "https://example.com/a.mp4")), "video", ["mediaUrl": "https://example.com/a.mp4"]),
        (.audio(Media(url: "https://example.com/a.mp3", mimeType: "audio/mpeg")), "audio", ["mediaUrl": "https://example.com/a.mp3", "ptt": "false"]),
        (.voiceNote(Media(url: "https://example.com/a.ogg", mimeType: "audio/ogg")), "audio", ["mediaUrl": "https://example.com/a.ogg", "ptt": "true"]),
        (.document(Media(url: "https://example.com/r.pdf", mimeType: "application/pdf", fileName: "r.pdf")), "document",
         ["mediaUrl": "https://example.com/r.pdf", "fileName": "r.pdf", "mimeType": "application/pdf"]),
        (.location(Location(latitude: 3.1577, longitude: 101.7117, name: "Petronas Twin Towers")), "location",
         ["latitude": "3.1577", "longitude": "101.7117", "locationName": "Petronas Twin Towers"]),
        (.contact(ContactCard(name: "John Doe", phone: Phone(e164Digits: "60123456789"))), "contact", [:]),
        (.buttons(ButtonsMessage(text: "Choose", buttons: [.init(id: "yes", title: "Yes"), .init(id: "no", title: "No")])), "buttons",
         ["message": "Choose"]),
        (.list(ListMessage(text: "Pick", buttonTitle: "Options", sections: [.init(title: "S", rows: [.init(id: "r1", title: "Row")])])), "list",
         ["message": "Pick", "buttonText": "Options"]),
    ]

    @Test func everyContentTypeArrivesOnThePhone() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let instance = try await harness.connectedInstance()
            var ids: [MessageID?] = []
            for (content, _, _) in Self.contents {
                ids.append(try await provider.send(OutboundMessage(to: Self.customer, content: content), from: instance.id).id)
            }
            let poll = try await provider.send(OutboundMessage(to: Self.customer, content: .poll(Poll(question: "Lunch?", options: ["Pizza", "Sushi"])),
                                                               allowsDegradation: true), from: instance.id)
            #expect(poll.degradation != nil)

            let sent = try await harness.sent(instance.id)
            try #require(sent.count == Self.contents.count + 1)
            for (index, (_, type, fields)) in Self.contents.enumerated() {
                let message = sent[index]
                #expect(message["messageType"] as? String == type, "#\(index)")
                #expect(message["to"] as? String == Fixture.customer.digits)
                #expect(ids[index].map(\.rawValue) == message["messageId"] as? String, "the adapter reports the id the phone sent")
                let content = message["content"] as? [String: Any] ?? [:]
                for (key, value) in fields {
                    let actual = key == "ptt" ? (content[key] as? Bool).map { "\($0)" } : content[key].map { "\($0)" }
                    #expect(actual == value, "#\(index) \(type).\(key): \(content[key] ?? "missing")")
                }
            }
            let contact = sent[8]["content"] as? [String: Any]
            #expect((contact?["contactCard"] as? [String: Any])?["phoneNumber"] as? String == "+60123456789")
            #expect((sent.last?["text"] as? String)?.hasPrefix("Lunch?\n\n1. Pizza\n2. Sushi") == true)

            let history = try await provider.messages(instance.id, in: Self.customer, limit: 3)
            #expect(history.count == 3)
            #expect(history.allSatisfy { $0.fromMe })
            #expect(history.last?.id.rawValue == sent.last?["messageId"] as? String, "history is newest last")
        }
    }

    @Test func typingHintAndReactionsRoundTrip() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let instance = try await harness.connectedInstance()
            let sent = try await provider.send(OutboundMessage(to: Self.customer, content: .text("One moment"), typing: TypingHint(milliseconds: 800)),
                                               from: instance.id)
            let id = try #require(sent.id)
            try await provider.react(instance.id, to: id, in: Self.customer, emoji: "👍")
            try await provider.react(instance.id, to: id, in: Self.customer, emoji: "")

            let requests = try await harness.controlGet("requests")["requests"] as? [[String: Any]] ?? []
            let send = requests.first { ($0["path"] as? String)?.hasSuffix("/send") == true }
            #expect((send?["body"] as? [String: Any])?["typingSimulation"] as? Bool == true)

            let reactions = try await harness.sent(instance.id).filter { $0["messageType"] as? String == "reaction" }
            #expect(reactions.map { ($0["reaction"] as? [String: Any])?["emoji"] as? String } == ["👍", ""])
            #expect(reactions.allSatisfy { ($0["reaction"] as? [String: Any])?["messageId"] as? String == id.rawValue })
            let content = reactions.first?["content"] as? [String: Any]
            #expect(content?["messageId"] as? String == id.rawValue)
            #expect(content?["fromMe"] as? Bool == true, "a reaction to our own message says fromMe")
        }
    }

    @Test func autoSelectRouteSendsFromThisInstanceWithAMessageID() async throws {
        try await EmulatorHarness.run { harness in
            let other = try await harness.connectedInstance(phone: Phone(e164Digits: "447700900999"), name: "Other")
            let instance = try await harness.connectedInstance(phone: Self.phone)
            let provider = Fixture.provider(harness.base, route: .autoSelectByPhone)
            let sent = try await provider.send(.text("from the right number", to: Self.customer), from: instance.id)
            #expect(sent.id != nil)
            #expect(try await harness.sent(instance.id).count == 1)
            #expect(try await harness.sent(other.id).isEmpty)

            try await provider.disconnect(instance.id)
            let error = await Fixture.failure { try await provider.send(.text("must not leave", to: Self.customer), from: instance.id) }
            #expect(error?.kind == .instanceNotReady)
            #expect(try await harness.sent(other.id).isEmpty, "never falls back to another number")
        }
    }

    @Test func handoffProfileAndSettings() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let instance = try await harness.connectedInstance()
            try await provider.setHandoff(instance.id, chat: Self.customer, active: true)
            #expect(try await provider.handoffs(instance.id).map(\.chat) == [Self.customer])
            try await provider.setHandoffSettings(instance.id, HandoffSettings(resumeKeywords: ["#bot"], resumeMessage: "Back"))
            #expect(try await provider.handoffSettings(instance.id) == HandoffSettings(resumeKeywords: ["#bot"], resumeMessage: "Back"))

            // The operator types the resume keyword on the phone: the chat goes back to automation.
            try await harness.control("instances/\(instance.id)/inbound", ["from": Fixture.customer.digits, "text": "#bot thanks", "fromMe": true])
            #expect(try await provider.handoffs(instance.id).isEmpty)

            try await provider.setHandoff(instance.id, chat: Self.customer, active: true)
            #expect(try await provider.clearHandoffs(instance.id) == 1)

            try await provider.setProfileName(instance.id, "Acme Support")
            try await provider.setProfileAbout(instance.id, "We reply within minutes")
            try await provider.setProfilePicture(instance.id, url: "https://example.com/logo.png")
            try await provider.setProfilePicture(instance.id, url: nil)
            _ = try await provider.profile(instance.id)
        }
    }

    @Test func errorsFromTheEmulatorInTheTaxonomy() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let instance = try await provider.createInstance(InstanceDraft(id: "wa_errors"))
            let text = OutboundMessage.text("hi", to: Self.customer)

            let wrongKey = WasupProvider(name: "wasup-test", baseURL: harness.base, apiKey: "not-the-key", transport: Fixture.transport)
            #expect(await Fixture.failure { try await wrongKey.listInstances() }?.kind == .unauthorized)
            #expect(await Fixture.failure { try await provider.instance("wa_missing") }?.kind == .notFound)
            #expect(await Fixture.failure { try await provider.send(text, from: instance.id) }?.kind == .instanceNotReady)

            let sendPath = "/api/instances/{instanceId}/send"
            try await harness.fault(path: sendPath, status: 429, body: #"{"error":"Too many requests","waitTime":3000}"#, contentType: "application/json")
            let limited = await Fixture.failure { try await provider.send(text, from: instance.id) }
            #expect(limited?.kind == .rateLimited)
            #expect(limited?.retryAfter == .seconds(3))

            try await harness.fault(path: sendPath, status: 500)
            let failed = await Fixture.failure { try await provider.send(text, from: instance.id) }
            #expect(failed?.kind == .serverError)
            #expect(failed?.isRetryable == true)
            #expect(failed?.isAmbiguous == true)

            try await harness.fault(path: "/api/instances/{instanceId}", method: "GET", status: 502, body: "<html>Bad Gateway</html>", contentType: "text/html")
            #expect(await Fixture.failure { try await provider.instance(instance.id) }?.kind == .upstreamUnavailable)

            try await harness.fault(path: "/api/instances", method: "GET", status: 200, body: #"{"success":true,"instances":[{"id":"#, contentType: "application/json")
            #expect(await Fixture.failure { try await provider.listInstances() }?.kind == .invalidResponse)

            let instances = try await provider.listInstances()
            #expect(instances.map(\.id) == ["wa_errors"], "the faults were one-shot")
        }
    }

    @Test func antiBanRefusalBecomesRateLimitedWithTheWait() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let instance = try await harness.connectedInstance()
            // Wasup's legacy anti-ban: a custom limit of one message an hour.
            var request = TransportRequest(method: .put, url: harness.base + "/api/instances/\(instance.id)/anti-ban",
                                      body: Data(#"{"preset":"custom","messagesPerHour":1,"messagesPerDay":100,"uniqueChatsPerHour":10,"uniqueChatsPerDay":100}"#.utf8))
            request.headerFields[HTTPField.Name("X-API-Key")!] = Fixture.apiKey
            request.headerFields[.contentType] = "application/json"
            #expect(try await Fixture.transport.send(request).status == 200)

            _ = try await provider.send(.text("first", to: Self.customer), from: instance.id)
            let error = await Fixture.failure { try await provider.send(.text("second", to: Self.customer), from: instance.id) }
            #expect(error?.kind == .rateLimited)
            #expect((error?.retryAfter ?? .zero) > .zero, "\(String(describing: error))")
            #expect(error?.isAmbiguous == false)
            #expect(try await harness.sent(instance.id).count == 1)
        }
    }

    @Test func unsupportedFeaturesSendNoRequest() async throws {
        try await EmulatorHarness.run { harness in
            let provider = harness.provider
            let instance = try await harness.connectedInstance()
            try await harness.controlDelete("requests")
            let errors = [
                await Fixture.failure { try await provider.setTyping(instance.id, in: Self.customer, true) },
                await Fixture.failure { try await provider.markSeen(instance.id, in: Self.customer, messages: ["3EB0"]) },
                await Fixture.failure { try await provider.send(OutboundMessage(to: Self.customer, content: .poll(Poll(question: "?", options: ["a", "b"]))), from: instance.id) },
                await Fixture.failure { try await provider.send(OutboundMessage(to: Self.customer, content: .text("x"), replyTo: "3EB0"), from: instance.id) },
            ]
            #expect(errors.map { $0?.kind } == Array(repeating: .unsupported, count: 4))
            #expect(errors.map { $0?.feature } == [.typing, .markSeen, .sendPoll, .replyTo])
            let requests = try await harness.controlGet("requests")["requests"] as? [Any] ?? []
            #expect(requests.isEmpty, "\(requests.count) requests reached the emulator")
        }
    }
}
