import EmulatorKit
import Foundation
import Testing
import WasupEmulator

/// Error bodies in the spec's documented shapes, bad input answered and recorded, faults.
@Suite struct WasupErrorTests {
    /// The operations with an `{instanceId}` and a documented 404 or 400 for an unknown instance.
    @Test func unknownInstancesGetTheDocumentedStatusAndErrorShape() async throws {
        try await WasupHarness.with { h in
            let catalog = h.emulator.catalog
            var checked = 0
            for operation in catalog.operations where operation.path.contains("{instanceId}") {
                let path = operation.path.replacingOccurrences(of: "{instanceId}", with: "ghost")
                let body = Self.validBody(operation)
                let answer = try await h.client.json(operation.method, path, json: body)
                let expected = operation.documents(status: 404) ? 404 : operation.documents(status: 400) ? 400 : 404
                #expect(answer.status == expected, "\(operation.operationId)")
                #expect(answer.body == ["error": "Instance not found"], "\(operation.operationId)")
                if let example = operation.example(status: answer.status) {
                    #expect(try JSONValue(parsing: example.bodyData) == answer.body, "\(operation.operationId)")
                }
                checked += 1
            }
            #expect(checked == catalog.operations.filter { $0.path.contains("{instanceId}") }.count)
            #expect(checked > 30)
        }
    }

    /// A body that satisfies the operation's required fields with their declared types.
    static func validBody(_ operation: CatalogOperation) -> JSONValue? {
        guard let body = operation.body else { return nil }
        var object = JSONObject()
        for field in body.requiredFields {
            object[field] = switch body.fields[field] {
            case "boolean": true
            case "integer": 1
            case "number": 1.5
            case "array": []
            case "object": [:]
            default: field == "phoneNumber" || field == "phone" || field == "to" ? "447700900002" : "x"
            }
        }
        return .object(object)
    }

    @Test func documentedExamplesKeepTheirKeysInOrder() async throws {
        try await WasupHarness.with { h in
            let catalog = h.emulator.catalog
            let onboard = try #require(catalog.operation(id: "POST_api_onboard"))
            let created = try await h.client.call("POST", "/api/onboard", json: ["phone": "447700900003"])
            #expect(created.status == 201)
            #expect(try JSONValue(parsing: created.body).objectValue?.keys == onboard.example(status: 201)?.body.objectValue?.keys)

            try await h.connected("main", phone: "447700900001")
            let connection = try #require(catalog.operation(id: "GET_api_instances_instanceId_connection"))
            let polled = try await h.client.call("GET", "/api/instances/main/connection")
            #expect(try JSONValue(parsing: polled.body).objectValue?.keys == connection.example(status: 200)?.body.objectValue?.keys)
        }
    }

    @Test func authIsRequiredExceptForHealth() async throws {
        try await WasupHarness.with { h in
            let unauthorized: JSONValue = ["error": "Unauthorized", "message": "Valid API key required. Use X-API-Key header or Authorization Bearer"]
            let anonymous = try await h.anonymous.json("GET", "/api/instances")
            #expect(anonymous.status == 401)
            #expect(anonymous.body == unauthorized)
            let wrong = try await h.anonymous.call("GET", "/api/instances", headers: [("X-API-Key", "nope")])
            #expect(wrong.status == 401)
            #expect(try await h.anonymous.call("GET", "/api/instances", headers: [("Authorization", "Bearer K")]).status == 200)
            #expect(try await h.anonymous.json("GET", "/api/nowhere").status == 401)
            #expect(try await h.anonymous.json("GET", "/api/health").status == 200)
        }
    }

    @Test func badInputIsAnsweredInShapeAndRecorded() async throws {
        try await WasupHarness.with { h in
            let c = h.client
            try await h.connected("main", phone: "447700900001")
            _ = try await c.json("DELETE", "/__emulator/requests")

            let unknown = try await c.json("GET", "/api/nowhere")
            #expect(unknown.status == 404)
            #expect(unknown.body == ["error": "Not found: GET /api/nowhere"])
            let malformed = try await c.call("POST", "/api/instances/main/send", body: Data("{\"to\":".utf8), headers: [("Content-Type", "application/json")])
            #expect(malformed.status == 400)
            #expect(try JSONValue(parsing: malformed.body) == ["error": "Invalid JSON in request body"])
            let huge = try await c.call("POST", "/api/instances/main/send", body: Data(repeating: 0x20, count: 2 << 20))
            #expect(huge.status == 413)
            #expect(try JSONValue(parsing: huge.body) == ["error": "Request body too large"])
            let wrongType = try await c.json("GET", "/api/instances/main/logs?limit=many")
            #expect(wrongType.status == 400)
            #expect(wrongType.body == ["error": "Invalid parameter: limit"])
            let badEnum = try await c.json("GET", "/api/instances/main/messages?direction=sideways")
            #expect(badEnum.status == 400)
            let missing = try await c.json("POST", "/api/instances/main/pair", json: [:])
            #expect(missing.body == ["error": "Missing required field: phoneNumber"])
            #expect(try await c.json("GET", "/api/health").status == 200)

            let entries = try await h.requests()
            let kinds = entries.map { ($0["violations"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue } }
            #expect(kinds == [["unknownOperation"], ["malformedBody"], ["bodyTooLarge"], ["wrongParameterType"],
                              ["wrongParameterType"], ["missingBodyField"], []])
            #expect(entries.map { $0["status"]?.intValue } == [404, 400, 413, 400, 400, 400, 200])
            #expect(entries.first?["operationId"] == .null)
            #expect(entries[1]["operationId"] == "POST_api_instances_instanceId_send")
        }
    }

    @Test func faultsOverrideAnswersThenClear() async throws {
        try await WasupHarness.with { h in
            let c = h.client
            try await h.connected("main", phone: "447700900001")
            _ = try await c.json("POST", "/__emulator/faults",
                                 json: ["method": "POST", "path": "/api/instances/{instanceId}/send", "status": 503, "times": 1])
            let faulted = try await c.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": "x"])
            #expect(faulted.status == 503)
            #expect(faulted.body == ["error": "injected fault"])
            #expect(try await h.sent("main").isEmpty)
            #expect(try await c.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": "x"]).status == 200)

            _ = try await c.json("POST", "/__emulator/faults", json: ["path": "/api/instances/main/connection", "drop": true])
            await #expect(throws: (any Error).self) { try await c.call("GET", "/api/instances/main/connection") }
            _ = try await c.json("DELETE", "/__emulator/faults")
            #expect(try await c.json("GET", "/api/instances/main/connection").status == 200)
        }
    }

    @Test func resetForgetsEverything() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001")
            #expect(try await h.client.json("POST", "/__emulator/reset").body == ["reset": true])
            #expect(try await h.client.json("GET", "/api/instances").body["count"] == 0)
            #expect(try await h.requests().count == 1)
            #expect(try await h.client.json("GET", "/__emulator/instances/main/sent").status == 404)
        }
    }
}
