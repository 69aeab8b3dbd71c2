import EmulatorKit
import Foundation
import Logging
import Switchboard
import TestSupport
import Testing
import WawpEmulator

/// `choices: .specLiteral`: where the spec documents only the plain-text placeholder, the answer
/// is that placeholder whatever the state, and webhooks carry no header or field the spec does
/// not name.
@Suite struct SpecLiteralTests {
    static let placeholder = "Success: Operation completed successfully."

    @Test func placeholderOperationsAnswerThePlaceholder() async throws {
        try await CurlTransport.withTransport { transport in try await Self.placeholders(transport) }
    }

    static func placeholders(_ transport: CurlTransport) async throws {
        let emulator = try WawpEmulator(token: WawpHarness.token, transport: transport, startingPolls: 0, choices: .specLiteral)
        let port = try await emulator.start()
        let harness = WawpHarness(emulator: emulator, transport: transport, base: "http://127.0.0.1:\(port)")
        let created = try await harness.api("POST", "/v2/session/create")
        #expect(created.status.code == 201)
        let id = try #require(created.json?["instance_id"]?.stringValue, "create documents JSON, so it stays JSON")
        let chat = [("chatId", "447700900321@c.us")]
        var calls: [(String, String, [(String, String)])] = [
            ("POST", "/v2/session/start", []), ("POST", "/v2/session/info", []), ("GET", "/v2/auth/qr", [("format", "raw")]),
            ("GET", "/v2/auth/qr-image", []),
        ]
        for (method, path, query) in calls {
            let answer = try await harness.api(method, path, instance: id, query)
            #expect(answer.status.code == 200 && answer.text == Self.placeholder, "\(method) \(path): \(answer.status) \(answer.text.prefix(120))")
        }
        #expect(try await harness.control("POST", "/instances/\(id)/scan", ["phone": "447700900123"]).status == 200)
        calls = [
            ("POST", "/v2/session/info", []), ("GET", "/v2/session/me", []), ("POST", "/v2/send/text", chat + [("message", "hi")]),
            ("GET", "/v2/chats/messages", chat), ("GET", "/v2/chats", []), ("GET", "/v2/profile", []),
            ("POST", "/v2/send/start-typing", chat),
        ]
        for (method, path, query) in calls {
            let answer = try await harness.api(method, path, instance: id, query)
            #expect(answer.status.code == 200 && answer.text == Self.placeholder, "\(method) \(path): \(answer.status) \(answer.text.prefix(120))")
        }
        // The state moved all the same: the phone's side shows the message.
        #expect(try await harness.sent(id).contains { $0["text"]?.stringValue == "hi" })
        await emulator.stop()
    }

    @Test func webhooksCarryOnlyWhatTheSpecNames() async throws {
        try await CurlTransport.withTransport { transport in try await Self.webhooks(transport) }
    }

    static func webhooks(_ transport: CurlTransport) async throws {
        let receiver = WebhookRecorder()
        try await receiver.start()
        let emulator = try WawpEmulator(token: WawpHarness.token, transport: transport, startingPolls: 0, choices: .specLiteral)
        let port = try await emulator.start()
        let harness = WawpHarness(emulator: emulator, transport: transport, base: "http://127.0.0.1:\(port)")
        #expect(try await harness.control("POST", "/webhook", ["url": .string(receiver.url), "secret": "s3cret"]).status == 200)
        let id = try #require(try await harness.api("POST", "/v2/session/create").json?["instance_id"]?.stringValue)
        _ = try await harness.api("POST", "/v2/session/start", instance: id)
        _ = try await harness.api("POST", "/v2/session/info", instance: id)
        _ = try await harness.control("POST", "/instances/\(id)/scan", ["phone": "447700900123"])
        _ = try await harness.control("POST", "/instances/\(id)/inbound", ["from": "447700900321", "text": "hello"])
        await emulator.flushWebhooks()
        let received = receiver.received
        #expect(!received.isEmpty)
        for delivery in received {
            let names = Set(delivery.headers.map { $0.name.lowercased() })
            #expect(names.allSatisfy { !$0.hasPrefix("x-webhook") }, "\(names)")
            #expect(delivery.json?["metadata"]?["instance_id"] == nil, "\(String(describing: delivery.json))")
            #expect(delivery.json?["session"]?.stringValue?.isEmpty == false)
        }
        await emulator.stop()
        await receiver.stop()
    }
}
