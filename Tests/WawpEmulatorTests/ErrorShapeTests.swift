import EmulatorKit
import Foundation
import HTTPTypes
import Switchboard
import Testing
import WawpEmulator

/// Error bodies, byte for byte against the catalog's documented examples, with the documented
/// media type.
@Suite struct ErrorShapeTests {
    /// The documented example of an operation for a status, as bytes and text.
    static func documented(_ harness: WawpHarness, _ operationId: String, _ status: Int) throws -> ResponseExample {
        try #require(harness.emulator.catalog.operation(id: operationId)?.example(status: status))
    }

    /// Asserts the response is the documented example exactly.
    static func expectDocumented(_ response: TransportResponse, _ example: ResponseExample, status: Int,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status.code == status, sourceLocation: sourceLocation)
        #expect(response.body == example.bodyData, "\(String(decoding: response.body, as: UTF8.self))", sourceLocation: sourceLocation)
        #expect(response.mediaType == example.contentType, sourceLocation: sourceLocation)
    }

    @Test func badTokenIsTheDocumented401InXMLOrJSON() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            let xml = try await harness.api("POST", "/v2/send/text", instance: instance, [("chatId", "1"), ("message", "m")], token: "wrong")
            Self.expectDocumented(xml, try Self.documented(harness, "_v2_send_text_post", 401), status: 401)
            #expect(xml.text.hasPrefix("<?xml"))
            let json = try await harness.api("POST", "/v2/session/create", token: "wrong")
            Self.expectDocumented(json, try Self.documented(harness, "_v2_session_create_post", 401), status: 401)
            let body = try await harness.call("POST", "/v2/session/info",
                                              json: ["access_token": "wrong", "instance_id": .string(instance)])
            #expect(body.status == 401)
            let byBody = try await harness.call("POST", "/v2/session/info",
                                                json: ["access_token": .string(WawpHarness.token), "instance_id": .string(instance)])
            #expect(byBody.json?["status"] == "STOPPED")
        }
    }

    @Test func missingParametersAreTheDocumented400() async throws {
        try await WawpHarness.with { harness in
            let create = try await harness.call("POST", "/v2/session/create")
            Self.expectDocumented(create, try Self.documented(harness, "_v2_session_create_post", 400), status: 400)

            let instance = try await harness.create()
            let text = try await harness.api("POST", "/v2/send/text", instance: instance, [("message", "m")])
            let template = try Self.documented(harness, "_v2_send_text_post", 400)
            #expect(text.status == 400)
            #expect(text.text == template.body.stringValue?.replacingOccurrences(of: "{parameterName}", with: "chatId"))
            #expect(text.mediaType == template.contentType)
        }
    }

    @Test func unknownInstanceIsTheDocumented404() async throws {
        try await WawpHarness.with { harness in
            let response = try await harness.api("POST", "/v2/session/start", instance: "000000000000")
            Self.expectDocumented(response, try Self.documented(harness, "_v2_session_start_post", 404), status: 404)
        }
    }

    @Test func quotaIsTheDocumented403() async throws {
        try await WawpHarness.with(maxInstances: 1) { harness in
            _ = try await harness.create()
            let response = try await harness.api("POST", "/v2/session/create")
            Self.expectDocumented(response, try Self.documented(harness, "_v2_session_create_post", 403), status: 403)
        }
    }

    @Test func qrOfAFailedSessionIsTheDocumented422() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            #expect(try await harness.startAndWait(instance) == "SCAN_QR_CODE")
            _ = try await harness.control("POST", "/instances/\(instance)/fail")
            let response = try await harness.api("POST", "/v2/auth/qr", instance: instance)
            Self.expectDocumented(response, try Self.documented(harness, "_v2_auth_qr_post", 422), status: 422)
        }
    }

    @Test(arguments: [(429, "_v2_send_text_post"), (500, "_v2_send_text_post"), (502, "_v2_send_text_post"),
                      (500, "_v2_channels_get"), (401, "_v2_groups_get")])
    func injectedStatusesAreTheDocumentedBodies(status: Int, operationId: String) async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            let operation = try #require(harness.emulator.catalog.operation(id: operationId))
            _ = try await harness.control("POST", "/faults", ["method": .string(operation.method), "path": .string(operation.path),
                                                              "status": .int(status), "times": 1])
            let query: [(String, String)] = operation.path == "/v2/send/text" ? [("chatId", "447700900321"), ("message", "m")] : []
            let response = try await harness.api(operation.method, operation.path, instance: instance, query)
            let example = try #require(harness.emulator.catalog.operation(id: operationId)?.example(status: status)
                ?? harness.emulator.catalog.operation(id: "_v2_send_text_post")?.example(status: status))
            Self.expectDocumented(response, example, status: status)
            if status == 429 {
                #expect(response.header("Retry-After") == "60")
                #expect(response.json?["details"]?["retryAfter"] == 60)
            }
            let entry = try #require(try await harness.requests().last)
            #expect(entry["faulted"] == true)
            #expect(try await harness.sent(instance).isEmpty)
        }
    }

    @Test func badInputIsAnsweredInShapeAndRecorded() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.workingInstance()
            _ = try await harness.control("DELETE", "/requests")

            let unknown = try await harness.api("GET", "/v2/nowhere", instance: instance)
            Self.expectDocumented(unknown, try Self.documented(harness, "_v2_session_start_post", 404), status: 404)

            let mistyped = try await harness.api("POST", "/v2/send/event", instance: instance,
                                                 [("chatId", "447700900321"), ("event.name", "E"), ("event.description", "D"),
                                                  ("event.startTime", "soon"), ("event.endTime", "1735923600"),
                                                  ("event.location.name", "R"), ("event.extraGuestsAllowed", "true")])
            #expect(mistyped.status == 400)
            #expect(mistyped.text == "Error: invalid_param. Invalid value for parameter: event.startTime. Please check your request parameters and try again.")

            let malformed = try await harness.call("POST", "/v2/send/list", body: Data("{\"chatId\": ".utf8),
                                                   headers: [("Content-Type", "application/json")])
            #expect(malformed.status == 400)
            #expect(malformed.text.hasPrefix("Error: invalid_json."))

            let oversized = try await harness.call("POST", "/v2/send/list", body: Data(repeating: 0x7B, count: 40_000),
                                                   headers: [("Content-Type", "application/json")])
            #expect(oversized.status == 413)
            #expect(oversized.text.hasPrefix("Error: payload_too_large."))

            let badChat = try await harness.api("POST", "/v2/send/text", instance: instance, [("chatId", "not a phone"), ("message", "m")])
            #expect(badChat.status == 400)

            let entries = try await harness.requests()
            let kinds = entries.map { ($0["violations"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue }.first }
            #expect(kinds == ["unknownOperation", "wrongParameterType", "malformedBody", "bodyTooLarge", nil])
            #expect(entries.map { $0["status"]?.intValue } == [404, 400, 400, 413, 400])
            #expect(try await harness.status(instance) == "WORKING")
        }
    }
}

