import Foundation
import Switchboard
@testable import SwitchboardWawp
import TestSupport
import Testing

/// Message ids from every answer shape Wawp's engines give, read from a real send.
@Suite struct WawpMessageIDTests {
    static let shapes: [(body: String, id: String?)] = [
        (#"{"id": "true_447441429009@c.us_3EB0PLAIN"}"#, "true_447441429009@c.us_3EB0PLAIN"),
        (#"{"id": {"fromMe": true, "remote": "447441429009@c.us", "id": "3EB0WEBJS", "_serialized": "true_447441429009@c.us_3EB0WEBJS"}}"#,
         "true_447441429009@c.us_3EB0WEBJS"),
        (#"{"key": {"remoteJid": "447441429009@s.whatsapp.net", "fromMe": true, "id": "3EB0NOWEB"}, "status": "PENDING"}"#,
         "true_447441429009@c.us_3EB0NOWEB"),
        (#"{"key": {"id": "3EB0KEYONLY"}}"#, "3EB0KEYONLY"),
        (#"{"_data": {"id": {"_serialized": "true_447441429009@c.us_3EB0DATA"}}, "ack": 0}"#, "true_447441429009@c.us_3EB0DATA"),
        (#"{"message_id": "3EB0SNAKE"}"#, "3EB0SNAKE"),
        (#"{"success": true, "data": {"id": {"_serialized": "true_447441429009@c.us_3EB0WRAPPED"}}}"#, "true_447441429009@c.us_3EB0WRAPPED"),
        (#"[{"id": "true_447441429009@c.us_3EB0ARRAY"}]"#, "true_447441429009@c.us_3EB0ARRAY"),
        ("Success: Operation completed successfully.", nil),
        ("", nil),
        (#"{"status": "queued"}"#, nil),
        (#"{"id": ""}"#, nil),
    ]

    @Test(arguments: shapes)
    func aSendReadsTheIdFromEveryShape(body: String, id: String?) async throws {
        let sent = try await StubServer.serving(.init(200, body, headers: ["Content-Type": body.hasPrefix("{") || body.hasPrefix("[") ? "application/json" : "text/plain"])) { base, _ in
            try await Fixture.provider(base).send(.text("hi", to: .person(Fixture.customer)), from: Fixture.instanceID)
        }
        #expect(sent.id?.rawValue == id)
        #expect(sent.provider == "wawp-test")
        #expect(sent.instance == Fixture.instanceID)
        #expect(sent.degradation == nil)
    }

    @Test func aCreatedAnswerWithoutBodyIsASuccess() async throws {
        let sent = try await StubServer.serving(.init(201, "", headers: [:])) { base, _ in
            try await Fixture.provider(base).send(.text("hi", to: .person(Fixture.customer)), from: Fixture.instanceID)
        }
        #expect(sent.id == nil)
    }

    @Test func theChatInsideASerializedIdIsFound() {
        #expect(WawpMessageIDs.chat(inSerialized: "false_11111111111@c.us_AAAA") == .person(Fixture.linked))
        #expect(WawpMessageIDs.chat(inSerialized: "true_120363041234567890@g.us_BBBB_1111@c.us")?.kind == .group)
        #expect(WawpMessageIDs.chat(inSerialized: "3EB0PLAIN") == nil)
    }
}
