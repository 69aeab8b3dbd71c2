import Foundation
import Logging

/// How to open the store a configuration names. The core knows SQLite (a file path, or
/// `sqlite:PATH`); another module offers more (`PostgresStore.storeKind` in `SwitchboardPostgres`
/// for `postgres://` URLs), and the client is given them as it is given provider kinds.
public struct StoreKind: Sendable {
    /// The URL scheme it serves (`postgres`), or `nil` for plain paths.
    public let scheme: String?
    /// Opens the store. Throws a ``ConfigurationError`` naming `store` (never showing a password).
    public let open: @Sendable (_ location: String, _ environment: [String: String], _ logger: Logger) throws(ConfigurationError) -> any Store

    /// Creates a kind.
    public init(scheme: String?,
                open: @escaping @Sendable (String, [String: String], Logger) throws(ConfigurationError) -> any Store) {
        self.scheme = scheme
        self.open = open
    }

    /// SQLite through GRDB: a file path (`switchboard.sqlite`), `sqlite:PATH`, or `:memory:`.
    public static let sqlite = StoreKind(scheme: nil) { location, _, _ throws(ConfigurationError) in
        let path = location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
        do {
            return path == ":memory:" ? try SQLiteStore.inMemory() : try SQLiteStore(path: path)
        } catch {
            throw ConfigurationError(key: "store", "cannot open \(path): \(error)")
        }
    }

    /// Opens the store `location` names with the first matching kind (SQLite for plain paths).
    static func open(_ location: String, kinds: [StoreKind], environment: [String: String], logger: Logger) throws(ConfigurationError) -> any Store {
        if let colon = location.range(of: "://") {
            let scheme = String(location[..<colon.lowerBound]).lowercased()
            guard let kind = kinds.first(where: { $0.scheme?.lowercased() == scheme }) else {
                throw ConfigurationError(key: "store", "no store kind for \"\(scheme)://\" is linked (for PostgreSQL, import SwitchboardPostgres and pass PostgresStore.storeKind to the client)")
            }
            return try kind.open(location, environment, logger)
        }
        return try sqlite.open(location, environment, logger)
    }
}
