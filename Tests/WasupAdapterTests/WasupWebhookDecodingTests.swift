import Foundation
import Switchboard
import SwitchboardWasup
import Testing

/// Wasup's `WebhookPayload` in neutral events. The payloads use the spec's field names and example
/// values (`from_phone` 447835156367, `to_phone` 358942721757, `status` received, `event` message).
@Suite struct WasupWebhookDecodingTests {
    static let provider = Fixture.provider("http://127.0.0.1:9")
    static let customer = ChatID.person(Fixture.customer)
    static let created = Date(timeIntervalSince1970: 1_769_688_000)  // 2026-01-29T12:00:00Z

    /// A spec-shaped message payload with `extra` fields merged in.
    static func payload(_ extra: String) -> String {
        #"{"message_id":"3EB0B430A7F9B1D2","created_at":"2026-01-29T12:00:00.000Z","from_phone":"447835156367","to_phone":"358942721757","status":"received","webhook_id":"wa_lxyz123_abc45","event":"message","quoted_message":null,"#
            + extra + "}"
    }

    static func message(_ configure: (inout Message) -> Void) -> InboundEvent.Body {
        var message = Message(id: "3EB0B430A7F9B1D2", chat: customer, from: customer, fromPhone: Fixture.customer,
                              fromMe: false, timestamp: created)
        configure(&message)
        return .message(message)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var body: InboundEvent.Body
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "text", json: payload(#""message":"Hello, I need help with my order","media_type":"text","media_url":null,"mime_type":null,"file_name":null"#),
             body: message { $0.text = "Hello, I need help with my order" }),
        Case(name: "image with caption",
             json: payload(#""message":"My receipt","media_type":"image","media_url":"https://whatsappmediastore.blob.core.windows.net/whatsapp-media/wa_abc/image/1706000000-a1b2c3d4.jpg","mime_type":"image/jpeg","file_name":null"#),
             body: message {
                 $0.text = "My receipt"
                 $0.media = InboundMedia(url: "https://whatsappmediastore.blob.core.windows.net/whatsapp-media/wa_abc/image/1706000000-a1b2c3d4.jpg", mimeType: "image/jpeg")
             }),
        Case(name: "document through media.downloadUrl",
             json: payload(#""message":"","media_type":"document","media_id":"m1","media":{"downloadUrl":"https://acme.wasup.co/api/instances/wa_lxyz123_abc45/media/m1"},"mime_type":"application/pdf","file_name":"report.pdf""#),
             body: message { $0.media = InboundMedia(url: "https://acme.wasup.co/api/instances/wa_lxyz123_abc45/media/m1", mimeType: "application/pdf") }),
        Case(name: "location as coordinates in message", json: payload(#""message":"3.1577,101.7117","media_type":"location""#),
             body: message { $0.location = Location(latitude: 3.1577, longitude: 101.7117) }),
        Case(name: "location with fields",
             json: payload(#""message":"","media_type":"location","latitude":3.1577,"longitude":101.7117,"locationName":"Petronas Twin Towers","locationAddress":"KLCC, Kuala Lumpur""#),
             body: message { $0.location = Location(latitude: 3.1577, longitude: 101.7117, name: "Petronas Twin Towers", address: "KLCC, Kuala Lumpur") }),
        Case(name: "contact", json: payload(#""message":"BEGIN:VCARD\nVERSION:3.0\nFN:John Doe\nEND:VCARD","media_type":"contact""#),
             body: message { $0.vCard = "BEGIN:VCARD\nVERSION:3.0\nFN:John Doe\nEND:VCARD" }),
        Case(name: "reply-to", json: payload(#""message":"Yes please","media_type":"text","quoted_message_id":"3EB0AAAA""#),
             body: message {
                 $0.text = "Yes please"
                 $0.replyTo = "3EB0AAAA"
             }),
        Case(name: "reaction",
             json: #"{"event":"reaction","message_id":"3EB0REACT","reaction_message_id":"3EB0B430A7F9B1D2","emoji":"🔥","from_phone":"447835156367","to_phone":"358942721757","webhook_id":"wa_lxyz123_abc45","created_at":"2026-01-29T12:00:00.000Z"}"#,
             body: .reaction(Reaction(message: "3EB0B430A7F9B1D2", chat: customer, from: customer, emoji: "🔥"))),
        Case(name: "reaction removed",
             json: #"{"event":"reaction","reaction_message_id":"3EB0B430A7F9B1D2","emoji":"","from_phone":"447835156367","webhook_id":"wa_lxyz123_abc45"}"#,
             body: .reaction(Reaction(message: "3EB0B430A7F9B1D2", chat: customer, from: customer, emoji: ""))),
        Case(name: "ack read",
             json: #"{"event":"ack","message_id":"3EB0SENT","status":"read","to_phone":"447835156367","from_phone":"358942721757","webhook_id":"wa_lxyz123_abc45"}"#,
             body: .ack(Ack(message: "3EB0SENT", chat: customer, status: .read))),
        Case(name: "ack as numeric WhatsApp ack",
             json: #"{"event":"message.ack","message_id":"3EB0SENT","ack":2,"to_phone":"447835156367","webhook_id":"wa_lxyz123_abc45"}"#,
             body: .ack(Ack(message: "3EB0SENT", chat: customer, status: .delivered))),
        Case(name: "instance status",
             json: #"{"event":"connection","status":"connected","phone":"358942721757","webhook_id":"wa_lxyz123_abc45"}"#,
             body: .instanceStatus(.connected, phone: Fixture.linked)),
        Case(name: "message sent from the phone",
             json: #"{"event":"message","message_id":"3EB0MINE","from_me":true,"from_phone":"358942721757","to_phone":"447835156367","message":"On my way","media_type":"text","webhook_id":"wa_lxyz123_abc45"}"#,
             body: .message(Message(id: "3EB0MINE", chat: customer, fromMe: true, text: "On my way"))),
    ]

    @Test(arguments: cases)
    func decodes(_ scripted: Case) throws {
        let events = try Self.provider.decodeWebhook(WebhookDelivery(body: Data(scripted.json.utf8)))
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.body == scripted.body)
        #expect(event.provider == "wasup-test")
        #expect(event.instance == "wa_lxyz123_abc45")
        if case .message(let message) = scripted.body { #expect(event.id == message.id.rawValue) }
    }

    @Test func unknownEventsKeepTheirRawJSON() throws {
        let json = #"{"event":"group.join","group":"120363041234567890@g.us","webhook_id":"wa_1"}"#
        let event = try #require(try Self.provider.decodeWebhook(WebhookDelivery(body: Data(json.utf8))).first)
        guard case .other(let type, let raw) = event.body else {
            Issue.record("decoded as \(event.body)")
            return
        }
        #expect(type == "group.join")
        #expect(Fixture.jsonEqual(Data(raw.utf8), json))
    }

    @Test func eventIDsAreStableAcrossRedeliveryAndDistinctAcrossEvents() throws {
        let read = #"{"event":"ack","message_id":"3EB0SENT","status":"read","webhook_id":"wa_1"}"#
        let reordered = #"{"webhook_id":"wa_1","status":"read","message_id":"3EB0SENT","event":"ack"}"#
        let delivered = #"{"event":"ack","message_id":"3EB0SENT","status":"delivered","webhook_id":"wa_1"}"#
        let ids = try [read, reordered, delivered].map { try #require(try Self.provider.decodeWebhook(WebhookDelivery(body: Data($0.utf8))).first).id }
        #expect(ids[0] == ids[1])
        #expect(ids[0] != ids[2])
    }

    @Test func aBatchDecodesInOrder() throws {
        let json = "[" + Self.payload(#""message":"one","media_type":"text""#) + ","
            + #"{"event":"ack","message_id":"3EB0SENT","status":"delivered","webhook_id":"wa_lxyz123_abc45"}"# + "]"
        let events = try Self.provider.decodeWebhook(WebhookDelivery(body: Data(json.utf8)))
        #expect(events.count == 2)
        #expect(events.first?.body == Self.message { $0.text = "one" })
    }

    @Test(arguments: ["", "not json", "[]", "42", #""text""#, "[1,2]", #"{"success":true"#])
    func refusesWhatIsNotADelivery(_ body: String) {
        #expect(throws: SwitchboardError.self) { try Self.provider.decodeWebhook(WebhookDelivery(body: Data(body.utf8))) }
        do { _ = try Self.provider.decodeWebhook(WebhookDelivery(body: Data(body.utf8))) } catch {
            #expect(error.kind == .invalidRequest)
        }
    }
}
