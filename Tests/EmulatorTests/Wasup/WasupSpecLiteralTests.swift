import EmulatorKit
import Foundation
import Testing
import WasupEmulator

/// `choices: .specLiteral`: a send answers without a message id (`SendResult` has none),
/// `qrCode` is bare base64 ("Base64 QR code"), and an `Instance` has only the fields its schema names.
@Suite struct WasupSpecLiteralTests {
    @Test func answersCarryOnlyWhatTheSpecNames() async throws {
        try await WasupHarness.with(choices: .specLiteral) { h in
            _ = try await h.client.json("POST", "/api/instances", json: ["id": "lit", "name": "Literal"])
            let connect = try await h.client.json("POST", "/api/instances/lit/connect", json: [:])
            let qr = try #require(connect.body["instance"]?["qrCode"]?.stringValue)
            #expect(!qr.hasPrefix("data:"))
            #expect(Data(base64Encoded: qr)?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)
            #expect(connect.body["instance"]?["hasCredentials"] == nil)
            let instanceSchema = try #require(h.emulator.catalog.operations.first { $0.method == "GET" && $0.path == "/api/instances/{instanceId}" }?
                .responses.first { $0.status == "200" }?.schema)
            let fetched = try await h.client.json("GET", "/api/instances/lit")
            #expect(ResponseSchema.mismatches(fetched.body, against: instanceSchema).isEmpty)
            try await h.connected("main", phone: "447700900001")
            let sent = try await h.client.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": "hi"])
            #expect(sent.status == 200 && sent.body["success"]?.boolValue == true)
            #expect(sent.body["message_id"] == nil && sent.body["result"]?["messageId"] == nil, "\(sent.body)")
        }
    }
}

/// The anti-ban presets the PUT body's enum names (`new`, `higher`) are answered in the
/// `AntiBanSettings` schema's enum (`conservative`, `aggressive`): the spec's two enums disagree.
@Suite struct WasupPresetTests {
    @Test func presetsAreAnsweredInTheSchemasEnum() async throws {
        try await WasupHarness.with { h in
            _ = try await h.client.json("POST", "/api/instances", json: ["id": "p"])
            for (given, answered) in [("new", "conservative"), ("higher", "aggressive"), ("balanced", "balanced")] {
                let put = try await h.client.json("PUT", "/api/instances/p/anti-ban", json: ["preset": .string(given)])
                #expect(put.status == 200 && put.body["settings"]?["preset"]?.stringValue == answered, "\(given): \(put.body)")
            }
        }
    }
}
