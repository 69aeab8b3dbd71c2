import EmulatorKit
import Foundation
import Testing
import WasupEmulator

/// Every operation of the catalog, called once with valid parameters, answers a documented status
/// with a body its documented schema accepts, and the request log shows it matched with no
/// violation. Called for an instance that does not exist, every instance operation answers a
/// status it documents, or 404 where it documents no error at all.
@Suite struct WasupCatalogCoverageTests {
    @Test func everyOperationAnswersADocumentedStatusWithoutViolations() async throws {
        try await WasupHarness.with { h in
            try await h.connected("main", phone: "447700900001")
            _ = try await h.client.json("POST", "/api/instances", json: ["id": "spare"])
            let sent = try await h.client.json("POST", "/api/instances/main/send", json: ["to": "447700900002", "message": "hi"])
            let messageId = try #require(sent.body["message_id"]?.stringValue)
            let upload = Data("png".utf8).base64EncodedString()

            let calls: [(String, String, JSONValue?)] = [
                ("POST", "/api/onboard", ["phone": "447700900555", "name": "Onboarded"]),
                ("GET", "/api/instances", nil),
                ("POST", "/api/instances", ["id": "created1", "name": "C"]),
                ("GET", "/api/instances/main", nil),
                ("PUT", "/api/instances/main", ["name": "Main"]),
                ("POST", "/api/instances/spare/connect", [:]),
                ("GET", "/api/instances/spare/qr", nil),
                ("POST", "/api/instances/created1/pair", ["phoneNumber": "447700900777"]),
                ("GET", "/api/instances/main/connection", nil),
                ("POST", "/api/instances/main/send", ["to": "447700900002", "message": "again"]),
                ("POST", "/api/send", ["to": "447700900002", "message": "auto", "from_phone": "447700900001"]),
                ("GET", "/api/instances/main/messages?direction=outbound&limit=10", nil),
                ("POST", "/api/instances/main/react", ["to": "447700900002", "messageId": .string(messageId), "emoji": "🔥", "fromMe": true]),
                ("POST", "/api/react", ["to": "447700900002", "messageId": .string(messageId), "emoji": "👍"]),
                ("GET", "/api/instances/main/handoff", nil),
                ("POST", "/api/instances/main/handoff", ["phone": "447700900002", "active": true]),
                ("DELETE", "/api/instances/main/handoff", nil),
                ("GET", "/api/instances/main/handoff/settings", nil),
                ("PUT", "/api/instances/main/handoff/settings", ["resumeKeywords": ["#bot"], "resumeMessage": "Back"]),
                ("GET", "/api/storage/status", nil),
                ("POST", "/api/upload", ["data": .string(upload), "mimeType": "image/png", "fileName": "a.png", "instanceId": "main"]),
                ("GET", "/api/instances/main/profile", nil),
                ("PUT", "/api/instances/main/profile/name", ["name": "Acme"]),
                ("PUT", "/api/instances/main/profile/picture", ["imageUrl": "https://example.com/logo.png"]),
                ("DELETE", "/api/instances/main/profile/picture", nil),
                ("PUT", "/api/instances/main/profile/status", ["status": "Open"]),
                ("GET", "/api/instances/main/behavior", nil),
                ("PUT", "/api/instances/main/behavior", ["behaviorProfile": "notification-balanced", "notificationGraceMs": 5000]),
                ("GET", "/api/instances/main/anti-ban", nil),
                ("PUT", "/api/instances/main/anti-ban", ["preset": "balanced"]),
                ("GET", "/api/webhook", nil),
                ("GET", "/api/instances/main/webhook", nil),
                ("PUT", "/api/instances/main/webhook", ["webhookUrl": .string(h.receiver.url)]),
                ("POST", "/api/instances/main/webhook/test", nil),
                ("GET", "/api/instances/main/logs?limit=5", nil),
                ("GET", "/api/health", nil),
                ("GET", "/api/status", nil),
                ("POST", "/api/system/reload-behavior-from-disk", nil),
                ("POST", "/api/generate-api-key", nil),
                ("GET", "/api/instances/main/antiban-v2", nil),
                ("GET", "/api/instances/main/antiban-v2/config", nil),
                ("PUT", "/api/instances/main/antiban-v2/config", ["preset": "conservative", "overrides": ["maxPerDay": 4000]]),
                ("GET", "/api/instances/main/antiban-v2/health", nil),
                ("GET", "/api/instances/main/antiban-v2/warmup", nil),
                ("GET", "/api/instances/main/antiban-v2/lid-mappings", nil),
                ("POST", "/api/instances/main/antiban-v2/pause", nil),
                ("POST", "/api/instances/main/antiban-v2/resume", nil),
                ("POST", "/api/instances/main/antiban-v2/reset", nil),
                ("POST", "/api/instances/spare/disconnect", ["revoke": false]),
                ("POST", "/api/instances/spare/clear-auth", nil),
                ("DELETE", "/api/instances/created1", nil),
            ]
            _ = try await h.client.json("DELETE", "/__emulator/requests")
            var answers: [Data] = []
            for (method, path, body) in calls {
                answers.append(try await h.client.call(method, path, json: body).body)
            }

            let entries = try await h.requests()
            #expect(entries.count == calls.count)
            var covered = Set<String>()
            for entry in entries {
                let label = "\(entry["method"]?.stringValue ?? "") \(entry["path"]?.stringValue ?? "")"
                let operation = try #require(entry["operationId"]?.stringValue.flatMap(h.emulator.catalog.operation(id:)), "\(label) matched no operation")
                covered.insert(operation.operationId)
                #expect(entry["violations"] == [], "\(label)")
                let status = try #require(entry["status"]?.intValue)
                #expect((200..<300).contains(status), "\(label) answered \(status)")
                #expect(operation.documents(status: status), "\(label) answered undocumented \(status)")
                let index = (entry["sequence"]?.intValue ?? 0) - (entries.first?["sequence"]?.intValue ?? 0)
                let answer = answers[index]
                if let schema = operation.responses.first(where: { $0.matches(status: status) })?.schema, !answer.isEmpty {
                    let body = try JSONValue(parsing: answer)
                    let mismatches = ResponseSchema.mismatches(body, against: schema)
                    #expect(mismatches.isEmpty, "\(label) answered \(status) outside its schema: \(mismatches.prefix(5))")
                }
            }
            #expect(covered == Set(h.emulator.catalog.operations.map(\.operationId)))
        }
    }

    @Test func anUnknownInstanceGetsADocumentedStatus() async throws {
        try await WasupHarness.with { h in
            for operation in h.emulator.catalog.operations where operation.path.contains("{instanceId}") {
                let path = operation.path.replacingOccurrences(of: "{instanceId}", with: "no-such-instance")
                // A well-formed body, so the only thing wrong is the instance.
                var fields = JSONObject()
                for name in operation.body?.requiredFields ?? [] {
                    fields[name] = switch operation.body?.fields[name] {
                    case "integer"?: .int(1)
                    case "boolean"?: .bool(true)
                    default: .string("447700900002")
                    }
                }
                let body: JSONValue? = operation.method == "GET" || operation.method == "DELETE" ? nil : .object(fields)
                let status = try await h.client.call(operation.method, path, json: body).status.code
                let documentsAnError = operation.responses.contains { ($0.status.first.map { "45".contains($0) }) ?? false }
                #expect(operation.documents(status: status) || (!documentsAnError && status == 404),
                        "\(operation.method) \(operation.path) answered undocumented \(status) for an unknown instance")
                #expect(!(200..<300).contains(status), "\(operation.method) \(operation.path) succeeded for an unknown instance")
            }
        }
    }
}
