import EmulatorKit
import Foundation
import Switchboard
import Testing

@Suite struct EmulatorServerTests {
    /// Runs `body` against a TinyProvider served on a free loopback port.
    func withServer(_ body: (EmulatorServer, TestClient) async throws -> Void) async throws {
        let server = EmulatorServer(provider: try TinyProvider(), configuration: EmulatorConfiguration(maxBodySize: 1024, logRequests: false))
        let port = try await server.start()
        try await withCleanup { try await body(server, TestClient(port: port, headers: [("X-Key", "k")])) } cleanup: { await server.stop() }
    }

    @Test func servesMatchedOperationsAndRecordsThem() async throws {
        try await withServer { _, client in
            let ok = try await client.json("GET", "/things/42?verbose=true")
            #expect(ok.status == 200)
            #expect(ok.body["id"] == "42")

            let log = try await client.json("GET", "/__emulator/requests")
            let entry = try #require(log.body["requests"]?.arrayValue?.first)
            #expect(entry["operationId"] == "getThing")
            #expect(entry["method"] == "GET")
            #expect(entry["path"] == "/things/42")
            #expect(entry["query"]?["verbose"] == "true")
            #expect(entry["violations"] == [])
            #expect(entry["status"] == 200)
        }
    }

    @Test func recordsViolationsAndAnswersInTheProviderShape() async throws {
        try await withServer { _, client in
            #expect(try await client.json("GET", "/nowhere").status == 404)
            #expect(try await client.json("GET", "/things/abc").status == 400)
            #expect(try await client.json("POST", "/things", json: ["count": "x"]).status == 400)
            let malformed = try await client.call("POST", "/things", body: Data("{nope".utf8), headers: [("Content-Type", "application/json")])
            #expect(malformed.status == 400)
            let oversized = try await client.call("POST", "/things", body: Data(repeating: 0x61, count: 4096))
            #expect(oversized.status == 413)
            let unauthorized = try await TestClient(port: client.port).json("GET", "/things/1")
            #expect(unauthorized.status == 401)
            #expect(unauthorized.body == ["error": "bad key"])

            let entries = try #require(try await client.json("GET", "/__emulator/requests").body["requests"]?.arrayValue)
            let kinds = entries.map { ($0["violations"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue } }
            #expect(kinds.count == 6)
            #expect(kinds[0] == ["unknownOperation"])
            #expect(entries[0]["operationId"] == .null)
            #expect(kinds[1] == ["wrongParameterType"])
            #expect(kinds[2] == ["missingBodyField", "wrongBodyFieldType"])
            #expect(kinds[3] == ["malformedBody"])
            #expect(kinds[4] == ["bodyTooLarge"])
            #expect(kinds[5] == [])
            #expect(entries.map { $0["status"]?.intValue } == [404, 400, 400, 400, 413, 401])
        }
    }

    @Test func injectsFaultsByMethodAndPathTemplate() async throws {
        try await withServer { _, client in
            let added = try await client.json("POST", "/__emulator/faults",
                                              json: ["method": "GET", "path": "/things/{id}", "status": 503, "times": 1])
            #expect(added.status == 200)
            let custom = try await client.json("POST", "/__emulator/faults",
                                               json: ["path": "/things", "status": 429, "body": "slow down", "contentType": "text/plain"])
            #expect(custom.status == 200)

            let faulted = try await client.json("GET", "/things/1")
            #expect(faulted.status == 503)
            #expect(faulted.body == ["error": "injected fault"])
            #expect(try await client.json("GET", "/things/1").status == 200)

            let text = try await client.call("POST", "/things", json: ["name": "a"])
            #expect(text.status == 429)
            #expect(text.text == "slow down")
            #expect(text.mediaType == "text/plain")

            #expect(try await client.json("DELETE", "/__emulator/faults").body == ["faults": []])
            #expect(try await client.json("POST", "/things", json: ["name": "a"]).status == 201)

            let entries = try #require(try await client.json("GET", "/__emulator/requests").body["requests"]?.arrayValue)
            #expect(entries.map { $0["faulted"]?.boolValue } == [true, false, true, false])
        }
    }

    @Test func dropsTheConnectionWhenAsked() async throws {
        try await withServer { _, client in
            _ = try await client.json("POST", "/__emulator/faults", json: ["path": "*", "drop": true, "times": 1])
            await #expect(throws: (any Error).self) { try await client.call("GET", "/things/1") }
            #expect(try await client.json("GET", "/things/1").status == 200)
            let entries = try #require(try await client.json("GET", "/__emulator/requests").body["requests"]?.arrayValue)
            #expect(entries.first?["status"] == 0)
        }
    }

    @Test func routesControlHooksAndReportsTheirErrors() async throws {
        try await withServer { _, client in
            let scanned = try await client.json("POST", "/__emulator/instances/i1/scan", json: ["phone": "447700900123"])
            #expect(scanned.status == 200)
            #expect(scanned.body["phone"] == "447700900123")
            let unknown = try await client.json("POST", "/__emulator/instances/zz/scan", json: ["phone": "1"])
            #expect(unknown.status == 404)
            #expect(unknown.body["error"] == "unknown instance `zz`")
            #expect(try await client.json("POST", "/__emulator/instances/i1/scan", json: [:]).status == 400)
            #expect(try await client.json("POST", "/__emulator/instances/i1/confirm-code", json: ["code": "ABCD-1234"]).status == 409)
            #expect(try await client.json("POST", "/__emulator/instances/i1/ack", json: ["messageId": "m", "status": "read"]).body["status"] == "read")
            #expect(try await client.json("GET", "/__emulator/nope").status == 404)
            #expect(try await client.json("POST", "/__emulator/reset").body == ["reset": true])
        }
    }

    @Test func startsTwiceOnDifferentPortsAndStopsCleanly() async throws {
        let first = EmulatorServer(provider: try TinyProvider(), configuration: EmulatorConfiguration(logRequests: false))
        let second = EmulatorServer(provider: try TinyProvider(), configuration: EmulatorConfiguration(logRequests: false))
        let a = try await first.start()
        let b = try await second.start()
        #expect(a != b)
        #expect(first.baseURL == "http://127.0.0.1:\(a)")
        await first.stop()
        await #expect(throws: (any Error).self) { try await TestClient(port: a).call("GET", "/things/1") }
        #expect(try await TestClient(port: b, headers: [("X-Key", "k")]).json("GET", "/things/1").status == 200)
        await second.stop()
        #expect(second.port == nil)
    }
}
