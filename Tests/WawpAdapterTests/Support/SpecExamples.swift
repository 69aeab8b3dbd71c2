import Foundation
import Testing

/// The example bodies of Wawp's spec, read from the operation catalog (`Providers/Wawp/operations.json`,
/// generated from the spec), so the tests use the spec's own words.
enum SpecExamples {
    /// One documented error answer.
    struct ErrorExample: Sendable, CustomTestStringConvertible {
        var status: Int
        var format: String
        var body: String
        var operations: [String]

        var testDescription: String { "\(status) \(format) \(body.prefix(40).replacingOccurrences(of: "\n", with: " "))" }
    }

    nonisolated(unsafe) private static let catalog: [String: Any] = {
        let url = Fixture.repositoryRoot.appendingPathComponent("Providers/Wawp/operations.json")
        guard let data = try? Data(contentsOf: url),
              let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [:] }
        return json
    }()

    private static var operations: [[String: Any]] { catalog["operations"] as? [[String: Any]] ?? [] }

    /// Every distinct documented error body (status ≥ 400), with the operations that document it.
    static let errors: [ErrorExample] = {
        var found: [String: ErrorExample] = [:]
        var order: [String] = []
        for operation in operations {
            let name = "\(operation["method"] ?? "") \(operation["path"] ?? "")"
            for response in operation["responses"] as? [[String: Any]] ?? [] {
                guard let status = Int(response["status"] as? String ?? ""), status >= 400 else { continue }
                for example in response["examples"] as? [[String: Any]] ?? [] {
                    let body = text(example["body"])
                    let key = "\(status)|\(body)"
                    if found[key] == nil {
                        found[key] = ErrorExample(status: status, format: example["bodyFormat"] as? String ?? "?", body: body, operations: [])
                        order.append(key)
                    }
                    found[key]?.operations.append(name)
                }
            }
        }
        return order.compactMap { found[$0] }
    }()

    /// The documented 2xx example body of an operation (`POST /message` for a webhook event).
    static func success(_ method: String, _ path: String) -> String? {
        for operation in operations where operation["method"] as? String == method && operation["path"] as? String == path {
            for response in operation["responses"] as? [[String: Any]] ?? [] where (response["status"] as? String ?? "").hasPrefix("2") {
                if let example = (response["examples"] as? [[String: Any]])?.first { return text(example["body"]) }
            }
        }
        return nil
    }

    /// The webhook envelope the spec shows for `event`.
    static func webhook(_ event: String) -> String? { success("POST", "/" + event) }

    private static func text(_ body: Any?) -> String {
        if let string = body as? String { return string }
        guard let body, let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .fragmentsAllowed]) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
