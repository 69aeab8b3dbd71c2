import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp
import Testing

/// `WebhookIngress` end to end: deliveries the emulators really made (read back from
/// `GET /__emulator/webhooks`), through the real adapters, into a real `SQLiteStore`.
@Suite struct WebhookIngressTests {
    // MARK: A genuine message, once

    @Test func wasupMessageIsHandedOverOnceAndDroppedWhenDeliveredAgain() async throws {
        try await WasupSetup.run { setup in
            let delivery = try await setup.inbound("Hello from Wasup")
            let received = Received()
            let ingress = try RecordingIngress(providers: [setup.provider], store: try SQLiteStore.inMemory()) { event in
                received.append(event)
            }
            let first = await ingress.receive(provider: "wasup", delivery)
            #expect(first.status == 200)
            #expect(first.events.count == 1)
            #expect(first.duplicates == 0)
            let message = try #require(messageOf(first.events.first))
            #expect(message.text == "Hello from Wasup")
            #expect(message.chat == .person(Fixture.customer))
            #expect(message.fromMe == false)
            #expect(first.events.first?.instance == setup.instance)
            #expect(received.all == first.events, "the handler got the event")

            let again = await ingress.receive(provider: "wasup", delivery)
            #expect(again.status == 200)
            #expect(again.events.isEmpty)
            #expect(again.duplicates == 1)
            #expect(received.all.count == 1, "a duplicate is not handed over")

            let handled = Received()
            await ingress.inbox.dispatchDue { event in handled.append(event) }
            #expect(handled.all == first.events, "the inbox handed the event over, once")
        }
    }

    @Test func wawpMessageIsHandedOverOnceAndDroppedWhenDeliveredAgain() async throws {
        try await WawpSetup.run { setup in
            let delivery = try await setup.inbound("Hello from Wawp")
            let received = Received()
            let ingress = try RecordingIngress(providers: [setup.provider], store: try SQLiteStore.inMemory()) { event in
                received.append(event)
            }
            let first = await ingress.receive(provider: "wawp", delivery)
            #expect(first.status == 200)
            #expect(first.events.count == 1)
            let message = try #require(messageOf(first.events.first))
            #expect(message.text == "Hello from Wawp")
            #expect(message.chat == .person(Fixture.customer))
            #expect(message.fromMe == false)
            #expect(first.events.first?.instance == setup.instance)
            #expect(received.all == first.events)

            // The provider delivers it again (its answer got lost, say): accepted, not handed over.
            let again = await ingress.receive(provider: "wawp", delivery)
            #expect(again.status == 200, "a redelivery is not a forgery: \(again.error?.message ?? "")")
            #expect(again.events.isEmpty)
            #expect(again.duplicates == 1)
            #expect(received.all.count == 1)

            let handled = Received()
            await ingress.inbox.dispatchDue { event in handled.append(event) }
            #expect(handled.all == first.events)
        }
    }

    @Test func aWawpMessageAnnouncedAsMessageAndMessageAnyIsHandedOverOnce() async throws {
        try await WawpSetup.run { setup in
            let before = try await setup.control.deliveries().count
            _ = try await setup.inbound("announced twice")
            let both = Array(try await setup.control.deliveries().dropFirst(before))
            #expect(both.compactMap(WawpSetup.event(of:)).sorted() == ["message", "message.any"])
            let received = Received()
            let ingress = try RecordingIngress(providers: [setup.provider], store: try SQLiteStore.inMemory()) { event in
                received.append(event)
            }
            let answers = await [ingress.receive(provider: "wawp", both[0]), ingress.receive(provider: "wawp", both[1])]
            #expect(answers.map(\.status) == [200, 200])
            #expect(received.all.map { text($0) ?? "?" } == ["announced twice"], "one message, one event")
            #expect(answers.map(\.duplicates) == [0, 1])
        }
    }

    @Test func aRedeliveryAfterARestartIsADuplicate() async throws {
        let path = temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await WasupSetup.run { wasup in
            try await WawpSetup.run { wawp in
                let deliveries = [("wasup", try await wasup.inbound("before the restart")),
                                  ("wawp", try await wawp.inbound("before the restart"))]
                do {
                    let ingress = try RecordingIngress(providers: [wasup.provider, wawp.provider], store: try SQLiteStore(path: path))
                    for (name, delivery) in deliveries {
                        let answer = await ingress.receive(provider: name, delivery)
                        #expect(answer.status == 200)
                        #expect(answer.events.count == 1, "\(name)")
                    }
                }
                // A new process: new adapters, a new ingress, the same store file.
                let restartedWawp = WawpSetup.provider(wawp.control.base)
                let restartedWasup = WasupProvider(name: "wasup", baseURL: wasup.control.base, apiKey: Fixture.wasupKey,
                                                   transport: Fixture.transport, webhookSecret: Fixture.webhookSecret)
                let ingress = try RecordingIngress(providers: [restartedWasup, restartedWawp], store: try SQLiteStore(path: path))
                for (name, delivery) in deliveries {
                    let answer = await ingress.receive(provider: name, delivery)
                    #expect(answer.status == 200, "\(name)")
                    #expect(answer.events.isEmpty, "\(name)")
                    #expect(answer.duplicates == 1, "\(name)")
                }
            }
        }
    }

    // MARK: Bad input

    @Test func forgedWasupDeliveriesAreRefused() async throws {
        try await WasupSetup.run { setup in
            let genuine = try await setup.inbound("genuine")
            let received = Received()
            let ingress = try RecordingIngress(providers: [setup.provider], store: try SQLiteStore.inMemory()) { event in
                received.append(event)
            }
            var withoutToken = genuine
            withoutToken.target = "/webhooks/wasup"
            var wrongToken = genuine
            wrongToken.target = genuine.target.replacingOccurrences(of: "sb_token=", with: "sb_token=0")
            var otherInstance = genuine
            otherInstance.body = Data(String(decoding: genuine.body, as: UTF8.self)
                .replacingOccurrences(of: setup.instance, with: "wa_someone_else").utf8)
            #expect(otherInstance.body != genuine.body)
            for forged in [withoutToken, wrongToken, otherInstance] {
                let answer = await ingress.receive(provider: "wasup", forged)
                #expect(answer.status == 401, "\(forged.target)")
                #expect(answer.events.isEmpty)
                #expect(answer.error?.kind == .unauthorized)
            }
            #expect(received.all.isEmpty, "nothing forged is handed over")
            // And the genuine one still goes through: the forgeries recorded nothing.
            #expect(await ingress.receive(provider: "wasup", genuine).events.count == 1)
        }
    }

    @Test func forgedWawpDeliveriesAreRefused() async throws {
        try await WawpSetup.run { setup in
            let genuine = try await setup.inbound("genuine")
            let received = Received()
            let ingress = try RecordingIngress(providers: [setup.provider], store: try SQLiteStore.inMemory()) { event in
                received.append(event)
            }
            var tampered = genuine
            tampered.body = Data(String(decoding: genuine.body, as: UTF8.self).replacingOccurrences(of: "genuine", with: "forged!").utf8)
            #expect(tampered.body != genuine.body)
            var unsigned = genuine
            unsigned.headers.removeAll { $0.name.lowercased() == "x-webhook-hmac" }
            #expect(unsigned.headers.count == genuine.headers.count - 1, "the emulator signs with X-Webhook-Hmac")
            let wrongSecret = try WawpSetup.signed(try JSONSerialization.jsonObject(with: genuine.body), secret: "not-the-secret")
            for forged in [tampered, unsigned, wrongSecret] {
                let answer = await ingress.receive(provider: "wawp", forged)
                #expect(answer.status == 401)
                #expect(answer.events.isEmpty)
                #expect(answer.error?.kind == .unauthorized)
            }
            #expect(received.all.isEmpty)
            #expect(await ingress.receive(provider: "wawp", genuine).events.count == 1)
        }
    }

    @Test func garbageIs400AndAnUnknownProviderIs404() async throws {
        try await WasupSetup.run { wasup in
            try await WawpSetup.run { wawp in
                let genuine = try await wasup.inbound("hi")
                let received = Received()
                let ingress = try RecordingIngress(providers: [wasup.provider, wawp.provider], store: try SQLiteStore.inMemory()) { event in
                    received.append(event)
                }
                // Authentic (the right token; the right signature) but not a delivery.
                var wasupGarbage = genuine
                wasupGarbage.body = Data("not json {".utf8)
                let wasupAnswer = await ingress.receive(provider: "wasup", wasupGarbage)
                #expect(wasupAnswer.status == 400)
                #expect(wasupAnswer.error?.kind == .invalidRequest)

                var wawpGarbage = try WawpSetup.signed(["hello": "world"])
                let wawpAnswer = await ingress.receive(provider: "wawp", wawpGarbage)
                #expect(wawpAnswer.status == 400)
                wawpGarbage = try WawpSetup.signed([1, 2, 3])
                #expect(await ingress.receive(provider: "wawp", wawpGarbage).status == 400)

                let unknown = await ingress.receive(provider: "whatsapp-cloud", genuine)
                #expect(unknown.status == 404)
                #expect(unknown.error?.kind == .notFound)
                #expect(((try? JSONSerialization.jsonObject(with: unknown.body)) as? [String: Any])?["error"] is String)
                #expect(received.all.isEmpty)
            }
        }
    }

    // MARK: What deliveries change

    @Test func aWawpSessionStatusConnectsTheRoute() async throws {
        try await WawpSetup.run { setup in
            let statuses = try await setup.control.deliveries().filter { WawpSetup.event(of: $0) == "session.status" }
            try #require(!statuses.isEmpty, "pairing emits session.status")
            let router = try MessageRouter(providers: [setup.provider])
            #expect(!router.routes().contains { $0.instance == setup.instance && $0.status == .connected })
            let ingress = try RecordingIngress(providers: [setup.provider], router: router)
            for delivery in statuses {
                #expect(await ingress.receive(provider: "wawp", delivery).status == 200)
            }
            let route = try #require(router.routes().first { $0.instance == setup.instance })
            #expect(route.provider == "wawp")
            #expect(route.status == .connected)
            #expect(route.phone == Fixture.linked)
        }
    }

    @Test func theAnswerIsSentAfterRecordingAndCarriesNoHandlerReply() async throws {
        try await WasupSetup.run { setup in
            let store = try SQLiteStore.inMemory()
            let ingress = try RecordingIngress(providers: [setup.provider], store: store)
            let answer = await ingress.receive(provider: "wasup", try await setup.inbound("question"))
            #expect(answer.status == 200)
            #expect(String(decoding: answer.body, as: UTF8.self) == "{}")
            // Recorded before the answer: the inbox holds it, pending for the app's handler.
            #expect(try await store.inboxEntries(state: .pending, limit: 10).map(\.event) == answer.events)
        }
    }

    @Test func aLIDSenderGetsThePhoneRememberedFromAnEarlierDelivery() async throws {
        try await WawpSetup.run { setup in
            let lid = "123456789012345@lid"
            let store = try SQLiteStore.inMemory()
            let ingress = try RecordingIngress(providers: [setup.provider], store: store)

            // Before anything is known, a LID sender has no phone.
            let unknown = await ingress.receive(provider: "wawp", try await setup.inbound("who am I?", from: lid))
            #expect(unknown.status == 200)
            let anonymous = try #require(messageOf(unknown.events.first))
            #expect(anonymous.from?.kind == .lid)
            #expect(anonymous.fromPhone == nil)

            // A delivery that carries both (WAHA's `_data.senderPn`) is remembered.
            let teaching = try WawpSetup.signed([
                "id": "evt_\(UUID().uuidString)", "timestamp": Int(Date().timeIntervalSince1970 * 1000), "session": setup.instance,
                "metadata": ["instance_id": setup.instance], "event": "message",
                "payload": ["id": "false_\(lid)_3EB0AABBCCDD", "from": lid, "to": Fixture.linked.digits + "@c.us", "fromMe": false,
                            "body": "my number", "timestamp": Int(Date().timeIntervalSince1970),
                            "_data": ["senderPn": Fixture.customer.digits + "@s.whatsapp.net"]],
            ] as [String: Any])
            let taught = await ingress.receive(provider: "wawp", teaching)
            #expect(taught.status == 200)
            #expect(messageOf(taught.events.first)?.fromPhone == Fixture.customer)
            #expect(try await store.phone(forLID: try ChatID(lid)) == Fixture.customer)

            // The next message from that LID carries the phone from the store.
            let known = await ingress.receive(provider: "wawp", try await setup.inbound("me again", from: lid))
            let filled = try #require(messageOf(known.events.first))
            #expect(filled.text == "me again")
            #expect(filled.from == (try ChatID(lid)))
            #expect(filled.fromPhone == Fixture.customer)
        }
    }

    // MARK: A store that fails

    @Test func aDeliveryThatCannotBeRecordedIs500AndItsRetryGoesThrough() async throws {
        try await WawpSetup.run { setup in
            let delivery = try await setup.inbound("keep me")
            let store = try SQLiteStore.inMemory()
            let received = Received()
            let failing = try RecordingIngress(providers: [setup.provider], store: store, inboxStore: FlakyInboxStore(store, failing: [0])) { event in
                received.append(event)
            }
            let refused = await failing.receive(provider: "wawp", delivery)
            #expect(refused.status == 500)
            #expect(refused.error?.kind == .storage)
            #expect(refused.events.isEmpty)
            #expect(received.all.isEmpty, "nothing unrecorded is handed over")

            // The provider retries the same delivery; this time the store works.
            let ingress = try RecordingIngress(providers: [setup.provider], store: store) { event in
                received.append(event)
            }
            let retried = await ingress.receive(provider: "wawp", delivery)
            #expect(retried.status == 200, "a retry after a 500 is not a replay: \(retried.error?.message ?? "")")
            #expect(text(retried.events.first) == "keep me")
            #expect(received.all.count == 1)
        }
    }

    @Test func aDeliveryHalfNewHalfSeenRecordsTheNewHalfOnce() async throws {
        try await WawpSetup.run { setup in
            func envelope(_ text: String) -> [String: Any] {
                ["id": "evt_\(UUID().uuidString)", "timestamp": Int(Date().timeIntervalSince1970 * 1000), "session": setup.instance,
                 "metadata": ["instance_id": setup.instance], "event": "message",
                 "payload": ["id": "false_\(Fixture.customer.digits)@c.us_\(UUID().uuidString.prefix(12))",
                             "from": Fixture.customer.digits + "@c.us", "to": Fixture.linked.digits + "@c.us", "fromMe": false,
                             "body": text, "timestamp": Int(Date().timeIntervalSince1970)]]
            }
            let store = try SQLiteStore.inMemory()
            let received = Received()
            let ingress = try RecordingIngress(providers: [setup.provider], store: store) { event in
                received.append(event)
            }
            let one = envelope("one")
            // A delivery fails to be recorded as a whole: nothing of it is kept.
            let failing = try RecordingIngress(providers: [setup.provider], store: store, inboxStore: FlakyInboxStore(store, failing: [0]))
            #expect(await failing.receive(provider: "wawp", try WawpSetup.signed([one, envelope("lost")])).status == 500)
            #expect(try await store.inboxEntries(state: nil, limit: 10).isEmpty)
            // Half new, half seen: the new half is recorded once.
            #expect(await ingress.receive(provider: "wawp", try WawpSetup.signed([one])).status == 200)
            let retried = await ingress.receive(provider: "wawp", try WawpSetup.signed([one, envelope("two")]))
            #expect(retried.status == 200)
            #expect(retried.duplicates == 1)
            #expect(received.all.map { text($0) ?? "?" }.sorted() == ["one", "two"], "each event recorded exactly once")
        }
    }
}
