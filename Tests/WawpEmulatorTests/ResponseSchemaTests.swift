import EmulatorKit
import Foundation
import Testing
import WawpEmulator

/// Wawp's spec gives schemas only for 401 answers (the group operations, and the webhook callbacks
/// it documents as operations); every success is an example, mostly the plain-text placeholder
/// (see SpecLiteralTests). Each API 401 with a schema, provoked with a wrong token, is a body its
/// schema accepts.
@Suite struct ResponseSchemaTests {
    @Test func every401WithASchemaMatchesIt() async throws {
        try await WawpHarness.with { harness in
            let instance = try await harness.create()
            var checked = 0
            for operation in harness.emulator.catalog.operations {
                // The webhook callbacks (`POST /message`, ...) are documented as operations too, but they are
                // the app's receiver, not Wawp's API: nothing to authenticate there.
                guard operation.path.hasPrefix("/v2/"),
                      let schema = operation.responses.first(where: { $0.status == "401" })?.schema else { continue }
                var path = operation.path
                for parameter in operation.parameters where path.contains("{\(parameter.name)}") {
                    path = path.replacingOccurrences(of: "{\(parameter.name)}", with: "x")
                }
                let response = try await harness.api(operation.method, path, instance: instance, token: "wrong-token")
                #expect(response.status.code == 401, "\(operation.method) \(operation.path) answered \(response.status.code)")
                let body = try JSONValue(parsing: response.body)
                let mismatches = ResponseSchema.mismatches(body, against: schema)
                #expect(mismatches.isEmpty, "\(operation.method) \(operation.path): \(mismatches)")
                checked += 1
            }
            #expect(checked > 0)
        }
    }
}
