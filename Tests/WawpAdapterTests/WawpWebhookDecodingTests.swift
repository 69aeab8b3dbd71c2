import Foundation
import Switchboard
import SwitchboardWawp
import Testing

/// The spec's own webhook envelopes, and WAHA engine variants, decoded into neutral events.
@Suite struct WawpWebhookDecodingTests {
    static let wawp = Fixture.provider("http://127.0.0.1:9")

    static func decode(_ body: String) throws(SwitchboardError) -> [InboundEvent] {
        try wawp.decodeWebhook(WebhookDelivery(body: Data(body.utf8)))
    }

    static func specEvent(_ event: String) throws -> InboundEvent {
        let body = try #require(SpecExamples.webhook(event), "the spec has no \(event) example")
        let events = try decode(body)
        try #require(events.count == 1)
        return events[0]
    }

    @Test func messageWithEverythingTheSpecShows() throws {
        let event = try Self.specEvent("message")
        #expect(event.provider == "wawp-test")
        #expect(event.instance == "default")
        #expect(event.id == "evt_01aaaaaaaaaaaaaaaaaaaaaaaa")
        #expect(event.timestamp == Date(timeIntervalSince1970: 1634567890.123))
        guard case .message(let message) = event.body else { Issue.record("not a message: \(event.body)"); return }
        #expect(message.id == "false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA")
        #expect(message.fromMe)
        #expect(message.chat == .person(Fixture.linked))
        #expect(message.text == "Hello, world!")
        #expect(message.media == InboundMedia(url: "https://api.wawp.net/api/files/example.oga", mimeType: "audio/ogg"))
        #expect(message.location?.latitude == 51.5074)
        #expect(message.vCard == "BEGIN:VCARD...")
        #expect(message.replyTo == "AAAAAAAAAAAAAAAAAAAA")
        #expect(message.timestamp == Date(timeIntervalSince1970: 1666943582))
    }

    @Test func messageAny() throws {
        guard case .message(let message) = try Self.specEvent("message.any").body else { Issue.record("not a message"); return }
        #expect(message.text == "Catching everything!")
        #expect(message.fromMe)
        #expect(message.chat == .person(Phone(e164Digits: "22222222222")))
    }

    @Test func ack() throws {
        #expect(try Self.specEvent("message.ack").body == .ack(Ack(message: "true_11111111111@c.us_...", chat: .person(Fixture.linked), status: .read)))
    }

    @Test(arguments: [(-1, Ack.Status.failed), (1, .sent), (2, .delivered), (3, .read), (4, .played)])
    func ackNumbers(ack: Int, status: Ack.Status) throws {
        let events = try Self.decode(#"{"event":"message.ack","session":"s","payload":{"id":"true_447441429009@c.us_X","ack":\#(ack)}}"#)
        #expect(events.first?.body == .ack(Ack(message: "true_447441429009@c.us_X", chat: .person(Fixture.customer), status: status)))
    }

    @Test func pendingAckIsOther() throws {
        let events = try Self.decode(#"{"event":"message.ack","session":"s","payload":{"id":"true_447441429009@c.us_X","ack":0,"ackName":"PENDING"}}"#)
        guard case .other(let type, _) = events.first?.body else { Issue.record("pending ack decoded as \(String(describing: events.first?.body))"); return }
        #expect(type == "message.ack")
    }

    @Test func reactionInBothShapes() throws {
        #expect(try Self.specEvent("message.reaction").body == .reaction(Reaction(
            message: "false_11111111111@c.us_AAAAA", chat: .person(Fixture.linked), from: .person(Fixture.linked), emoji: "❤️")))
        let engine = try Self.decode(#"{"event":"message.reaction","session":"s","payload":{"id":"false_447441429009@c.us_R","from":"447441429009@c.us","fromMe":false,"reaction":{"text":"","messageId":"true_447441429009@c.us_M"}}}"#)
        #expect(engine.first?.body == .reaction(Reaction(message: "true_447441429009@c.us_M", chat: .person(Fixture.customer),
                                                        from: .person(Fixture.customer), emoji: "")))
    }

    @Test func revokedAndEdited() throws {
        #expect(try Self.specEvent("message.revoked").body == .revoked(message: "false_11111111111@c.us_...", chat: .person(Fixture.linked)))
        #expect(try Self.specEvent("message.edited").body == .edited(message: "false_11111111111@c.us_...", chat: .person(Fixture.linked),
                                                                     text: "Updated message text!"))
    }

    @Test func sessionStatus() throws {
        #expect(try Self.specEvent("session.status").body == .instanceStatus(.disconnected, phone: Fixture.linked))
        let working = try Self.decode(#"{"event":"session.status","session":"s","payload":{"status":"WORKING"},"me":{"id":"447441429009@c.us"}}"#)
        #expect(working.first?.body == .instanceStatus(.connected, phone: Fixture.customer))
    }

    @Test func presenceAndCall() throws {
        #expect(try Self.specEvent("presence.update").body == .presence(chat: .person(Fixture.linked), state: "composing"))
        #expect(try Self.specEvent("call.received").body == .call(from: .person(Fixture.linked), id: "call_12345"))
    }

    @Test(arguments: ["engine.event", "group.v2.join", "label.upsert", "chat.archive"])
    func otherEventsKeepTheirRawPayload(event: String) throws {
        let decoded = try Self.specEvent(event)
        guard case .other(let type, let raw) = decoded.body else { Issue.record("\(event) decoded as \(decoded.body)"); return }
        #expect(type == event)
        let body = try #require(SpecExamples.webhook(event))
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let payload = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? NSDictionary
        #expect(payload == envelope["payload"] as? NSDictionary)
    }

    @Test(arguments: ["not json", "{}", #"{"event":"message"}"#, "[1, 2]"])
    func aBodyThatIsNoEnvelopeIsAnInvalidRequest(body: String) {
        #expect(throws: SwitchboardError.self) { try Self.decode(body) }
        do { _ = try Self.decode(body) } catch { #expect(error.kind == .invalidRequest) }
    }

    @Test func anEnvelopeWithoutIdGetsAStableOne() throws {
        let body = #"{"event":"call.received","session":"s","payload":{"from":"447441429009@c.us"}}"#
        let first = try Self.decode(body), second = try Self.decode(body)
        #expect(first.first?.id == second.first?.id)
        #expect(first.first?.id.count == 64)
    }
}
