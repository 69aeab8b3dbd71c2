import EmulatorKit
import Foundation
import HTTPTypes
import Testing
import WawpEmulator

/// Every catalog operation, called once with valid parameters, answers a documented status and
/// the request log shows no violation.
@Suite struct CatalogCoverageTests {
    /// Instances and ids the calls refer to.
    struct Fixture {
        let working: String
        let pairing: String
        let ownMessage: String
        let deletableMessage: String
        let contact = "447700900321"
        var lid: String { WawpEmulator.lid(forPhone: contact) }
    }

    /// A valid value for a parameter, by its name and type.
    static func sample(_ name: String, type: String, _ fixture: Fixture, instance: String, path: String = "") -> String {
        if name == "messageId", path == "/v2/messages/delete" { return fixture.deletableMessage }
        return switch name {
        case "access_token": WawpHarness.token
        case "instance_id": instance
        case "chatId": fixture.contact + "@c.us"
        case "messageId": fixture.ownMessage
        case "messageIds": "[\"\(fixture.ownMessage)\"]"
        case "file[url]": "https://example.com/files/sample.jpg"
        case "file[filename]": "sample.jpg"
        case "file[mimetype]": "image/jpeg"
        case "latitude": "51.5074"
        case "longitude": "-0.1278"
        case "url", "thumbnail", "picture": "https://wawp.net"
        case "poll": #"{"name":"Lunch?","options":["Pizza","Sushi"],"multipleAnswers":false}"#
        case "contacts": #"[{"fullName":"Ada","organization":"Wawp","phoneNumber":"+447700900999","whatsappId":"447700900999"}]"#
        case "votes": #"["Pizza"]"#
        case "reaction": "👍"
        case "phone_number", "phone": "447700900555"
        case "number": fixture.contact
        case "lid": fixture.lid
        case "presence": "online"
        case "format": "raw"
        case "event.startTime": "1735920000"
        case "event.endTime": "1735923600"
        case "participants": "[\"447700900999@c.us\"]"
        default:
            switch type {
            case "integer": "10"
            case "boolean": "true"
            default: "sample"
            }
        }
    }

    /// The list message fields of `/v2/send/list`, which the spec names with dots.
    static let listFields: [(String, String)] = [
        ("chatId", "447700900321@c.us"), ("message", "Choose one"), ("message.title", "Menu"),
        ("message.description", "Pick a department"), ("message.footer", "Wawp"), ("message.button", "Open"),
        ("message.sections", #"[{"title":"Support","rows":[{"title":"Billing","rowId":"billing"}]}]"#),
    ]

    @Test func everyOperationAnswersADocumentedStatusWithoutViolations() async throws {
        try await WawpHarness.with(maxInstances: 200) { harness in
            let catalog = harness.emulator.catalog
            let working = try await harness.workingInstance()
            let pairing = try await harness.create()
            #expect(try await harness.startAndWait(pairing) == "SCAN_QR_CODE")
            _ = try await harness.control("POST", "/instances/\(working)/inbound", ["from": "447700900321", "text": "hi"])
            let sent = try await harness.api("POST", "/v2/send/text", instance: working, [("chatId", "447700900321@c.us"), ("message", "hello")])
            let other = try await harness.api("POST", "/v2/send/text", instance: working, [("chatId", "447700900321@c.us"), ("message", "bye")])
            let fixture = Fixture(working: working, pairing: pairing,
                                  ownMessage: try #require(sent.json?["id"]?["_serialized"]?.stringValue),
                                  deletableMessage: try #require(other.json?["id"]?["_serialized"]?.stringValue))
            _ = try await harness.control("DELETE", "/requests")

            var checked = 0
            for operation in catalog.operations {
                // Lifecycle commands that end or reset a session get an instance of their own.
                var instance = working
                if ["/v2/session/stop", "/v2/session/restart", "/v2/session/logout", "/v2/session/delete"].contains(operation.path) {
                    instance = try await harness.workingInstance(phone: "44770090\(String(format: "%04d", checked))")
                } else if operation.path.hasPrefix("/v2/auth/") {
                    instance = pairing
                }
                _ = try await harness.control("DELETE", "/requests")
                var path = operation.path
                var query: [(String, String)] = []
                for parameter in operation.parameters {
                    let value = Self.sample(parameter.name, type: parameter.type, fixture, instance: instance, path: operation.path)
                    if parameter.location == "path" || path.contains("{\(parameter.name)}") {
                        path = path.replacingOccurrences(of: "{\(parameter.name)}", with: value)
                    }
                    if parameter.location == "query" { query.append((parameter.name, value)) }
                }
                var body: JSONValue?
                if let spec = operation.body {
                    var object = JSONObject()
                    for (name, value) in Self.listFields where spec.fields[name] != nil { object[name] = .string(value) }
                    for field in spec.requiredFields where object[field] == nil {
                        object[field] = .string(Self.sample(field, type: spec.fields[field] ?? "string", fixture, instance: instance))
                    }
                    body = .object(object)
                } else if operation.path == "/v2/send/list" {
                    query = [("access_token", WawpHarness.token), ("instance_id", instance)] + Self.listFields
                }
                let response = try await harness.call(operation.method, path, query: query, json: body)
                #expect(operation.documents(status: response.status.code) && (200..<300).contains(response.status.code),
                        "\(operation.method) \(operation.path) answered \(response.status.code): \(response.text.prefix(300))")
                let entry = try #require(try await harness.requests().last)
                #expect(entry["operationId"]?.stringValue == operation.operationId, "\(operation.method) \(path) matched \(entry["operationId"] ?? .null)")
                #expect(entry["violations"] == [], "\(operation.method) \(operation.path): \(entry["violations"] ?? .null)")
                checked += 1
            }
            #expect(checked == catalog.operations.count)
            #expect(checked > 140)
        }
    }
}
