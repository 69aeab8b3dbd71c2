import Foundation
import Switchboard
import Testing

/// `switchboard listen --metrics PORT`, run as the operator runs it: a separate process, its
/// webhook endpoint and its Prometheus endpoint on loopback, scraped over HTTP.
@Suite struct ListenMetricsTests {
    static let accessToken = "wawp-secret-token-7f3a"

    @Test func scrapeShowsWebhooksOutboxInboxAndRoutesWithoutSecrets() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("listen-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Nothing listens at the provider's address: refreshes fail, which the routes gauges show.
        let configuration = """
        {"store": "\(directory.appendingPathComponent("store.sqlite").path)",
         "providers": [{"name": "main", "kind": "wawp", "baseURL": "http://127.0.0.1:9",
                        "accessToken": "\(Self.accessToken)", "instances": ["3EB0"]}]}
        """
        let configPath = directory.appendingPathComponent("switchboard.json")
        try Data(configuration.utf8).write(to: configPath)
        let (webhookPort, metricsPort) = (try FreePort.take(), try FreePort.take())
        let child = try CLIProcess.start(["listen", "--config", configPath.path, "--port", String(webhookPort),
                                          "--metrics", String(metricsPort)], log: directory.appendingPathComponent("listen.log"))
        defer { child.stop() }
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

    /// Polls until the endpoint answers (the child is still starting), failing when the child exits.
    static func waitUntilServing(_ url: String, transport: CurlTransport, child: CLIProcess) async throws -> TransportResponse {
        for _ in 0..<600 {
            if let response = try? await transport.send(TransportRequest(url: url)) { return response }
            guard child.isRunning else { throw CLIProcess.Failure(output: child.output) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CLIProcess.Failure(output: "not serving after 60s:\n" + child.output)
    }
}
