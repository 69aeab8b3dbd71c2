import Foundation

/// An operation matched to a concrete request path.
public struct OperationMatch: Sendable {
    /// The operation.
    public let operation: CatalogOperation
    /// Path parameter values by name, percent-decoded.
    public let pathParameters: [String: String]
}

extension Catalog {
    /// The operation for `method` and a concrete `path`; among several templates that fit, the one
    /// with the most literal segments wins (`/a/settings` over `/a/{id}`).
    public func match(method: String, path: String) -> OperationMatch? {
        let method = method.uppercased()
        return bestMatch(path: path) { $0.method == method }
    }

    /// Whether any operation, whatever its method, has a template that fits `path`.
    public func knowsPath(_ path: String) -> Bool {
        bestMatch(path: path) { _ in true } != nil
    }

    private func bestMatch(path: String, where accept: (CatalogOperation) -> Bool) -> OperationMatch? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (match: OperationMatch, literals: Int)?
        for operation in operations where operation.segments.count == segments.count && accept(operation) {
            var parameters: [String: String] = [:]
            var literals = 0
            var fits = true
            for (template, actual) in zip(operation.segments, segments) {
                if template.hasPrefix("{"), template.hasSuffix("}") {
                    guard !actual.isEmpty else { fits = false; break }
                    parameters[String(template.dropFirst().dropLast())] = String(actual).removingPercentEncoding ?? String(actual)
                } else if template == actual {
                    literals += 1
                } else {
                    fits = false
                    break
                }
            }
            if fits, literals > (best?.literals ?? -1) {
                best = (OperationMatch(operation: operation, pathParameters: parameters), literals)
            }
        }
        return best?.match
    }
}
