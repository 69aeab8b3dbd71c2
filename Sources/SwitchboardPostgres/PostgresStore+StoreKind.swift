import Foundation
import Logging
import Switchboard

extension PostgresStore {
    /// `postgres://user@host:port/database` in the configuration's `store`, for ``SwitchboardClient``:
    /// pass it in `storeKinds`. The password comes from `SWITCHBOARD_STORE_PASSWORD` in the
    /// client's environment. A malformed URL is a ``ConfigurationError`` at once; the server is
    /// checked and the schema migrated in the background (see ``open(_:logger:options:)``), so an
    /// unreachable database or a wrong password fails the client's first store call (loading the
    /// routes, at start) with one line naming the URL, never the password.
    public static let storeKind = storeKind(scheme: "postgres")

    /// The same for `postgresql://` URLs.
    public static let postgresqlStoreKind = storeKind(scheme: "postgresql")

    private static func storeKind(scheme: String) -> StoreKind {
        StoreKind(scheme: scheme) { location, environment, logger throws(ConfigurationError) in
            let parsed: PostgresStoreLocation
            do { parsed = try PostgresStoreLocation(url: location, environment: environment) } catch {
                throw ConfigurationError(key: "store", (error as? SwitchboardError)?.message ?? "\(error)")
            }
            return PostgresStore.open(parsed, logger: logger)
        }
    }
}
