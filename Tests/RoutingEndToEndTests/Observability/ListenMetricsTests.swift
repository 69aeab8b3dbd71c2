import Foundation
import PostgresTestServer
import Switchboard
import TestSupport
import Testing

/// `switchboard listen --metrics PORT`, run as the operator runs it: a separate process, its
/// webhook endpoint and its Prometheus endpoint on loopback, scraped over HTTP.
@Suite struct ListenMetricsTests {
    static let accessToken = "wawp-secret-token-7f3a"

    /// A configuration file in `directory` whose one provider's address has nothing listening:
    /// refreshes fail, which the routes gauges show.
    static func configuration(in directory: URL) throws -> URL {
        let configuration = """
        {"store": "\(directory.appendingPathComponent("store.sqlite").path)",
         "providers": [{"name": "main", "kind": "wawp", "baseURL": "http://127.0.0.1:9",
                        "accessToken": "\(Self.accessToken)", "instances": ["3EB0"]}]}
        """
        let path = directory.appendingPathComponent("switchboard.json")
        try Data(configuration.utf8).write(to: path)
        return path
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("listen-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func scrapeShowsWebhooksOutboxInboxAndRoutesWithoutSecrets() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = try Self.configuration(in: directory)
        let (webhookPort, metricsPort) = (try PostgresTestServer.freeLoopbackPort(), try PostgresTestServer.freeLoopbackPort())
        let child = try await ChildProcess.start(["listen", "--config", configPath.path, "--port", String(webhookPort),
                                            "--metrics", String(metricsPort)],
                                           log: directory.appendingPathComponent("listen.log"), executable: "switchboard")
        defer { child.sendKill() }
        let transport = CurlTransport()
        defer { Task { await transport.shutdown() } }

        let metricsURL = "http://127.0.0.1:\(metricsPort)/metrics"
        _ = try await Self.waitUntilServing(metricsURL, transport: transport, child: child)
        let unsigned = TransportRequest(method: .post, url: "http://127.0.0.1:\(webhookPort)/webhooks/main?access_token=\(Self.accessToken)",
                                        body: Data("{}".utf8))
        let refused = try await transport.send(unsigned)
        #expect([400, 401].contains(refused.status.code))
        let unknown = try await transport.send(TransportRequest(method: .post, url: "http://127.0.0.1:\(webhookPort)/webhooks/nobody",
                                                                body: Data("{}".utf8)))
        #expect(unknown.status.code == 404)

        let scrape = try await transport.send(TransportRequest(url: metricsURL))
        await child.terminate()
        let text = String(decoding: scrape.body, as: UTF8.self)
        #expect(scrape.status.code == 200)
        #expect(text.contains(#"switchboard_webhooks_total{provider="main",status="\#(refused.status.code)"} 1"#), "\(text)")
        #expect(text.contains(#"switchboard_webhooks_total{provider="unknown",status="404"} 1"#), "\(text)")
        #expect(text.contains(#"switchboard_outbox_entries{state="queued"} 0"#), "\(text)")
        #expect(text.contains(#"switchboard_inbox_entries{state="failed"} 0"#), "\(text)")
        #expect(text.contains("switchboard_outbox_oldest_queued_age_seconds 0"), "\(text)")
        #expect(text.contains(#"switchboard_routes_cooling{provider="main"} 0"#), "\(text)")
        #expect(!text.contains(Self.accessToken), "a secret reached the metrics")
        #expect(!text.contains("nobody"), "a caller-chosen path became a label value")
    }

    @Test("--port 0 and --metrics 0: listen prints the ports the system picked, and both answer there")
    func portZeroPrintsTheBoundPorts() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = try Self.configuration(in: directory)
        let child = try await ChildProcess.start(["listen", "--config", configPath.path, "--port", "0", "--metrics", "0"],
                                           log: directory.appendingPathComponent("listen.log"), executable: "switchboard")
        defer { child.sendKill() }
        #expect(await child.waitForOutput("listening on"), "\(child.output)")
        #expect(await child.waitForOutput("metrics on"), "\(child.output)")
        let webhookPort = try #require(Self.port(after: "listening on http://127.0.0.1:", in: child.output), "\(child.output)")
        let metricsPort = try #require(Self.port(after: "metrics on http://127.0.0.1:", in: child.output), "\(child.output)")
        #expect(webhookPort != 0 && metricsPort != 0 && webhookPort != metricsPort, "\(child.output)")

        let transport = CurlTransport()
        defer { Task { await transport.shutdown() } }
        let unknown = try await transport.send(TransportRequest(method: .post, url: "http://127.0.0.1:\(webhookPort)/webhooks/nobody",
                                                                body: Data("{}".utf8)))
        let scrape = try await transport.send(TransportRequest(url: "http://127.0.0.1:\(metricsPort)/metrics"))
        await child.terminate()
        #expect(unknown.status.code == 404)
        #expect(scrape.status.code == 200 && String(decoding: scrape.body, as: UTF8.self).contains("switchboard_"))
    }

    /// The port number right after `prefix` in `output`.
    static func port(after prefix: String, in output: String) -> Int? {
        guard let range = output.range(of: prefix) else { return nil }
        return Int(output[range.upperBound...].prefix { $0.isNumber })
    }

    /// Polls until the endpoint answers (the child is still starting), failing when the child exits.
    static func waitUntilServing(_ url: String, transport: CurlTransport, child: ChildProcess) async throws -> TransportResponse {
        for _ in 0..<600 {
            if let response = try? await transport.send(TransportRequest(url: url)) { return response }
            guard child.isRunning else { throw HarnessError("switchboard exited before serving:\n\(child.output)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        await child.terminate()
        throw HarnessError("not serving after 60s:\n" + child.output)
    }
}
