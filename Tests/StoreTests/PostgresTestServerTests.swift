import Foundation
import PostgresTestServer
import Testing

/// The throwaway server the PostgreSQL tests share: it starts by itself, as an unprivileged user
/// when the tests run as root, and asks for the test role's password.
@Suite("PostgreSQL test server")
struct PostgresTestServerTests {
    @Test("starts on a loopback port and creates databases that take the test role's password")
    func startsAndCreatesDatabases() async throws {
        let server = try await PostgresTestServer.shared()
        #expect(server.host == "127.0.0.1")
        #expect(server.port > 0)
        let url = try await server.createDatabase()
        #expect(url.hasPrefix("postgres://\(server.user)@127.0.0.1:\(server.port)/test_"))
        let database = String(url.split(separator: "/").last ?? "")
        try await server.psql("CREATE TABLE probe (id INTEGER); INSERT INTO probe VALUES (1)", database: database)
    }

    @Test("refuses a wrong password")
    func refusesWrongPassword() async throws {
        let server = try await PostgresTestServer.shared()
        await #expect(throws: PostgresTestServerError.self) {
            try await server.psql("SELECT 1", password: "not-the-password")
        }
    }
}
