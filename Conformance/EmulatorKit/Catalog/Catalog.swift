import Foundation

/// A provider's operations as data, read from its generated `operations.json`
/// (format: `Providers/README.md`).
public struct Catalog: Sendable {
    /// The spec file the catalog was generated from.
    public let source: String
    /// The spec's title.
    public let title: String
    /// The spec's version.
    public let version: String
    /// Every operation, in the spec's order.
    public let operations: [CatalogOperation]
    /// Security schemes by name, as in the catalog (`type`, `in`, `name`, `scheme`).
    public let security: JSONObject

    /// Reads a catalog file.
    public init(contentsOf url: URL) throws {
        try self.init(data: try Data(contentsOf: url))
    }

    /// Decodes catalog JSON.
    public init(data: Data) throws {
        let root = try JSONValue(parsing: data)
        guard let operations = root["operations"]?.arrayValue else {
            throw CatalogError(reason: "no `operations` array")
        }
        self.source = root["source"]?.stringValue ?? ""
        self.title = root["title"]?.stringValue ?? ""
        self.version = root["version"]?.stringValue ?? ""
        self.security = root["security"]?.objectValue ?? JSONObject()
        self.operations = try operations.map { value throws(CatalogError) in try CatalogOperation(value) }
    }

    /// The operation with this id.
    public func operation(id: String) -> CatalogOperation? {
        operations.first { $0.operationId == id }
    }
}

/// A catalog file that does not have the expected shape.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let reason: String
    /// Creates an error.
    public init(reason: String) { self.reason = reason }
    /// The reason.
    public var description: String { "invalid catalog: \(reason)" }
}
