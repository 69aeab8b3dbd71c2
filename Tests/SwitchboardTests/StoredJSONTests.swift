import Foundation
import Testing
@testable import Switchboard

/// The stores' JSON text against `JSONEncoder`, which wrote it before (issue 17): byte for byte
/// the same for every kind of value the stores keep, read back to the same value, and
/// `JSONEncoder`'s own answer (text or error) for what `ProviderJSONEncoder` leaves to it.
@Suite struct StoredJSONTests {
    static func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Encoded by `ProviderJSONEncoder` itself (not by the fallback), to the same text as
    /// `JSONEncoder`, and decoded back to the same value.
    static func check<T: Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let own = try #require(ProviderJSONEncoder.encode(value), "left to JSONEncoder: \(value)", sourceLocation: sourceLocation)
        let expected = try foundation(value)
        #expect(own.text == expected, sourceLocation: sourceLocation)
        #expect(try StoredJSON.text(value) == expected, sourceLocation: sourceLocation)
        #expect(try StoredJSON.decode(T.self, json: own.text) == value, sourceLocation: sourceLocation)
    }

    static let chat = try! ChatID("60123456789@c.us")
    static let group = try! ChatID("120363025246125888@g.us")
    static let when = Date(timeIntervalSince1970: 1_764_470_000.123_456)

    static let bodies: [InboundEvent.Body] = [
        .message(Message(id: "false_60123456789@c.us_3EB0A1", chat: chat, fromMe: false, text: "hi")),
        .message(Message(id: "m2", chat: group, from: try! ChatID("4915112345678@c.us"), fromPhone: try! Phone("+4915112345678"), fromMe: false,
                         timestamp: when, text: "quote \" backslash \\ slash / tab \t nl \n nul \u{0} bell \u{7} é 😀 e\u{301}",
                         media: InboundMedia(url: "https://cdn.example.com/a/b.jpg?x=1&y=2", mimeType: "image/jpeg"),
                         location: Location(latitude: 3.139_003, longitude: -101.686_855_5, name: "KL", address: nil),
                         vCard: "BEGIN:VCARD\nEND:VCARD", replyTo: "m1", sentThroughAPI: true)),
        .message(Message(id: "m3", chat: chat, fromMe: true, timestamp: Date(timeIntervalSinceReferenceDate: 0),
                         media: InboundMedia(url: nil, mimeType: nil))),
        .reaction(Reaction(message: "m1", chat: chat, from: nil, emoji: "👍")),
        .reaction(Reaction(message: "m1", chat: nil, from: chat, emoji: "")),
        .ack(Ack(message: "m1", chat: chat, status: .read)),
        .ack(Ack(message: "m1", chat: nil, status: .failed)),
        .instanceStatus(.connected, phone: try! Phone("60123456789")),
        .instanceStatus(.failed, phone: nil),
        .revoked(message: "m1", chat: chat),
        .revoked(message: "m1", chat: nil),
        .edited(message: "m1", chat: chat, text: "edited"),
        .call(from: chat, id: "call-1"),
        .call(from: nil, id: nil),
        .presence(chat: chat, state: "typing"),
        .other(type: "group.join", raw: #"{"a":[1,2],"b":"c"}"#),
    ]

    @Test("every kind of inbound event is written as JSONEncoder wrote it, and read back the same")
    func inboundEvents() throws {
        for (index, body) in Self.bodies.enumerated() {
            try Self.check(InboundEvent(provider: "wawp", instance: "i-\(index)", id: "evt_\(index)",
                                        timestamp: index.isMultiple(of: 2) ? Self.when : nil, body: body))
        }
        let details = InstanceStatusDetails(newContactsRestricted: true, newContactsRestrictedUntil: Self.when,
                                            newContactQuota: NewContactQuota(status: "capped", isCapped: true, total: 250, used: 250,
                                                                             cycleEnd: Self.when.addingTimeInterval(86_400)))
        try Self.check(InboundEvent(provider: "wawp", instance: "i", id: "s", body: .instanceStatus(.connected, phone: nil),
                                    statusDetails: details))
    }

    @Test("outbound messages of every content, pacing ledgers and handoff settings are written as JSONEncoder wrote them")
    func storedValues() throws {
        let media = Media(url: "https://example.com/f.pdf", caption: "c", mimeType: "application/pdf", fileName: "f.pdf")
        let contents: [OutboundContent] = [
            .text("hello"), .linkPreview(LinkPreview(text: "t", url: "https://example.com", title: "T", description: nil, imageURL: nil)),
            .image(media), .video(Media(url: "v")), .audio(media), .voiceNote(media), .document(media),
            .location(Location(latitude: -0.5, longitude: 179.999_999_9)),
            .contact(ContactCard(name: "N", phone: try Phone("+60123456789"), organization: "O")),
            .buttons(ButtonsMessage(text: "pick", buttons: [.init(id: "a", title: "A"), .init(id: "b", title: "B")], footer: "f")),
            .list(ListMessage(text: "t", buttonTitle: "b", sections: [.init(title: "s", rows: [.init(id: "r", title: "R", description: "d")])])),
            .poll(Poll(question: "q", options: ["x", "y"], allowsMultipleAnswers: true)),
        ]
        for content in contents {
            try Self.check(OutboundMessage(to: Self.chat, content: content, replyTo: "m0", typing: TypingHint(milliseconds: 1500),
                                           allowsDegradation: true))
        }
        var ledger = PacingLedger(phone: try Phone("60123456789"))
        try Self.check(ledger)
        ledger.firstSendAt = Self.when
        ledger.sends = [.init(at: Self.when, newConversation: true), .init(at: Self.when.addingTimeInterval(0.001), newConversation: false)]
        ledger.pausedUntil = Self.when.addingTimeInterval(3600)
        ledger.pauseReason = "429"
        try Self.check(ledger)
        try Self.check(HandoffSettings(resumeKeywords: ["bot", "résumé"], resumeMessage: "back"))
        try Self.check(HandoffSettings())
    }

    /// Shapes `Codable` allows beyond what synthesized conformances write.
    struct Shapes: Codable, Equatable {
        var numbers: [Double] = [0, 1, 1.5, 1e-7, 123_456_789_012_345, 1e15, 1e300, -2.5e-300, .pi]
        var integers: [Int64] = [0, -1, 999_999_999_999_999, -999_999_999_999_999]
        var small: [UInt8] = [0, 255]
        var nested: [[String: [Int]]] = [["b": [1], "a": [], "A": [2, 3], "é": [4], "z": [5]]]
        var numbered: [Int: String] = [2: "two", 10: "ten"]
        var flags: [Bool?] = [true, nil, false]
        var url = URL(string: "https://example.com/a/b?c=d")!
        var data = Data([0, 1, 2, 250, 251, 252])
        var origin: SendOrigin = .human
        var empty = Empty()
        var pair = Pair()

        struct Empty: Codable, Equatable {}

        /// Keyed and unkeyed containers nested by hand, a key written twice, and an explicit null.
        struct Pair: Codable, Equatable {
            var left = "l"
            var right = 2
            enum Keys: String, CodingKey { case inner, list, left, gone }

            init() {}
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                let inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
                left = try inner.decode(String.self, forKey: .left)
                var list = try container.nestedUnkeyedContainer(forKey: .list)
                var pairs = try list.nestedUnkeyedContainer()
                right = try pairs.decode(Int.self)
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode("first", forKey: .left)
                var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
                try inner.encode(left, forKey: .left)
                try inner.encodeNil(forKey: .gone)
                var list = container.nestedUnkeyedContainer(forKey: .list)
                var pairs = list.nestedUnkeyedContainer()
                try pairs.encode(right)
                var object = list.nestedContainer(keyedBy: Keys.self)
                try object.encode(right, forKey: .left)
                try list.encode(#"\/"#)
                try container.encode("second", forKey: .left)  // the last of a repeated key wins
                var again = encoder.container(keyedBy: Keys.self)  // the same container, asked for again
                try again.encodeNil(forKey: .gone)
            }
        }
    }

    @Test("numbers, dictionaries, URLs, data, nested and repeated containers are written as JSONEncoder wrote them")
    func codableShapes() throws {
        try Self.check(Shapes())
    }

    struct Inexact: Encodable {
        var float: Float?
        var decimal: Decimal?
        var big: Int64?
        var double: Double?
    }

    @Test("what ProviderJSONEncoder cannot write exactly is left to JSONEncoder: the same text, or the same refusal")
    func leftToFoundation() throws {
        for value in [Inexact(float: 1.1), Inexact(decimal: Decimal(string: "0.1")), Inexact(big: 1_000_000_000_000_001),
                      Inexact(big: .min), Inexact(double: -0.0)] {
            #expect(ProviderJSONEncoder.encode(value) == nil)
            #expect(try StoredJSON.text(value) == Self.foundation(value))
        }
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(ProviderJSONEncoder.encode(Inexact(double: number)) == nil)
            #expect(throws: EncodingError.self) { try StoredJSON.text(Inexact(double: number)) }
        }
    }
}
