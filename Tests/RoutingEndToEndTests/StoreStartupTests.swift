import Foundation
import PostgresTestServer
import Switchboard
import SwitchboardPostgres
import SwitchboardWasup
import TestSupport
import Testing

/// A PostgreSQL store that cannot be used fails at start, in one line naming the URL and never the
/// password: `switchboard` commands exit 3 (a configuration error), and `SwitchboardClient.run()`
/// throws before any work.
@Suite("Store at start: unreachable or wrong password")
struct StoreStartupTests {
    static let password = "not-the-right-one-7f3a"

    /// Runs `switchboard ARGS --config FILE` with the store password in the environment; its exit
    /// status and standard error.
    static func switchboard(_ arguments: [String], store: String, directory: URL) async throws -> (status: Int32, stderr: String) {
        let config = directory.appendingPathComponent("switchboard.json")
        let json = """
            {"store": "\(store)", "providers": [{"name": "wasup", "kind": "wasup", "baseURL": "http://127.0.0.1:9", "apiKey": "k"}]}
            """
        try Data(json.utf8).write(to: config)
        let child = try await ChildProcess.start(arguments + ["--config", config.path], log: directory.appendingPathComponent("cli.log"),
                                           environment: [PostgresStoreLocation.passwordVariable: password], executable: "switchboard")
        for _ in 0..<3000 where child.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        if child.isRunning { await child.kill() }
        return (await child.wait(), child.output)
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-startup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("switchboard exits 3 with one line naming the URL, without the password: unreachable server, wrong password")
    func cliFailsAtStart() async throws {
        guard FileManager.default.isExecutableFile(atPath: ChildProcess.executable(named: "switchboard").path) else {
            Issue.record("switchboard is not built: run `swift build --build-tests` first")
            return
        }
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await PostgresTestServer.shared()
        let unreachable = "postgres://app@127.0.0.1:\(try PostgresTestServer.freeLoopbackPort())/switchboard"
        let wrongPassword = try await server.createDatabase()
        for store in [unreachable, wrongPassword] {
            for command in [["outbox"], ["listen", "--port", "0"]] {
                let (status, stderr) = try await Self.switchboard(command, store: store, directory: directory)
                let lines = stderr.split(separator: "\n").filter { !$0.contains("warning: 'swift-") }
                print("switchboard \(command.joined(separator: " ")) with \(store): exit \(status): \(lines.joined(separator: " | "))")
                #expect(status == 3, "\(command): \(stderr)")
                #expect(lines.count == 1, "\(command): \(stderr)")
                #expect(lines.first?.hasPrefix("configuration error: store:") == true, "\(stderr)")
                #expect(stderr.contains(store), "the line does not name \(store): \(stderr)")
                #expect(!stderr.contains(Self.password))
            }
        }
    }

    @Test("SwitchboardClient.run() throws at once, naming the URL without the password; init stays synchronous")
    func clientRunThrows() async throws {
        let store = "postgres://app@127.0.0.1:\(try PostgresTestServer.freeLoopbackPort())/switchboard"
        let configuration = SwitchboardConfiguration(store: store, providers: [
            ProviderConfiguration(name: "wasup", kind: "wasup", baseURL: "http://127.0.0.1:9", values: ["apiKey": .string("k")]),
        ])
        let client = try SwitchboardClient(configuration: configuration, kinds: [WasupProvider.providerKind],
                                           storeKinds: [PostgresStore.storeKind], transport: Deployments.transport,
                                           environment: [PostgresStoreLocation.passwordVariable: Self.password])
        do {
            try await client.run()
            Issue.record("run() returned with an unreachable store")
        } catch {
            #expect("\(error)".contains(store), "\(error)")
            #expect(!"\(error)".contains(Self.password))
        }
        await client.shutdown()
    }
}
