import Foundation
import Switchboard

/// Where a ``PostgresStore`` connects: the parts of a `postgres://user@host:port/database` URL.
///
/// The password never comes from the URL's text as written in configuration files: it is taken
/// from the environment (``passwordVariable``) so that it stays a secret. A password written in the
/// URL is accepted (as libpq does) but never printed: ``description`` redacts it.
public struct PostgresStoreLocation: Hashable, Sendable, CustomStringConvertible {
    /// The environment variable the password is read from.
    public static let passwordVariable = "SWITCHBOARD_STORE_PASSWORD"

    /// The user (role) to connect as.
    public var user: String
    /// The password, when the server asks for one.
    public var password: String?
    /// The host name or address.
    public var host: String
    /// The port (5432 by default).
    public var port: Int
    /// The database.
    public var database: String
    /// Whether to use TLS (`?sslmode=disable|prefer|require`, `prefer` by default, as libpq).
    public var tls: TLSMode

    /// Whether to use TLS.
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        /// Never.
        case disable
        /// When the server offers it.
        case prefer
        /// Always; the connection fails without it.
        case require
    }

    /// Creates a location from its parts.
    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String,
                tls: TLSMode = .prefer) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// Whether `store` (the configuration's `store` value) names a PostgreSQL database rather than
    /// a SQLite file.
    public static func isPostgresURL(_ store: String) -> Bool {
        store.hasPrefix("postgres://") || store.hasPrefix("postgresql://")
    }

    /// Parses `postgres://user@host:port/database` (or `postgresql://`), taking the password from
    /// `environment[SWITCHBOARD_STORE_PASSWORD]` when set (it wins over one in the URL).
    /// Throws ``SwitchboardError/Kind/invalidRequest`` naming what is wrong, never the password.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SwitchboardError) {
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw .invalidRequest("store: not a postgres:// URL: \(Self.redacted(text))")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidRequest("store: \(Self.redacted(text)) names no host (expected postgres://user@host:port/database)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .invalidRequest("store: \(Self.redacted(text)) names no user (expected postgres://user@host:port/database)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalidRequest("store: \(Self.redacted(text)) names no database (expected postgres://user@host:port/database)")
        }
        let modeText = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard let mode = TLSMode(rawValue: modeText) else {
            throw .invalidRequest("store: sslmode \(modeText) is not supported (disable, prefer or require)")
        }
        let password = environment[Self.passwordVariable].flatMap { $0.isEmpty ? nil : $0 } ?? components.password
        self.init(user: user.removingPercentEncoding ?? user, password: password?.removingPercentEncoding ?? password,
                  host: host, port: components.port ?? 5432, database: database.removingPercentEncoding ?? database,
                  tls: mode)
    }

    /// `postgres://user@host:port/database`: the URL without any password, for messages and logs.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// `text` with any password between `user:` and `@` replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
            return text
        }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
