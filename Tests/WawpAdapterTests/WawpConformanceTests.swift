import Foundation
import Switchboard
import SwitchboardConformance
import SwitchboardWawp
import Testing
import WawpEmulator

/// The conformance suite, every standard case, against the Wawp emulator: no failure, every skip
/// with its reason, no catalog violation (the suite's last case reads the request log).
@Suite struct WawpConformanceTests {
    /// Cases the suite cannot run against today's emulator, whatever the adapter does: they read
    /// deliveries from `GET /__emulator/webhooks` and point webhooks at `/__emulator/sink`, but
    /// EmulatorKit's webhook log has no bodies or headers and no sink route exists yet. The suite
    /// fails a listed case that starts passing, so this list cannot go stale silently. The adapter's
    /// own round trip (`WawpEmulatorRoundTripTests.webhooksAreVerifiedAndDecoded`) covers these
    /// paths with a real receiver.
    static let harnessGaps: [String: String] = Dictionary(uniqueKeysWithValues: [
        "inbound.text", "inbound.media", "inbound.ack", "inbound.status", "webhook.authenticity", "handoff.resume-keyword",
    ].map { ($0, "the emulator's webhook log carries no delivery bodies and /__emulator/sink does not exist") })

    @Test func theSuitePassesAgainstTheEmulator() async throws {
        let emulator = try WawpEmulator(token: Fixture.accessToken, transport: Fixture.transport, startingPolls: 1, webhookAttempts: 1)
        let port = try await emulator.start()
        let base = "http://127.0.0.1:\(port)"
        let configuration = ConformanceConfiguration(
            provider: Fixture.provider(base, instances: []),
            harness: EmulatorHarness(baseURL: base, transport: Fixture.transport),
            unauthorizedProvider: WawpProvider(name: "wawp-test", baseURL: base, accessToken: "wrong-token", transport: Fixture.transport),
            webhookSecret: Fixture.webhookSecret,
            expectedFailures: Self.harnessGaps)
        let report = await ConformanceSuite(configuration).run()
        await emulator.stop()

        for result in report.results {
            #expect(result.status != .fail, "\(result.jsonLine)")
            if result.status == .skip { #expect(result.reason?.isEmpty == false, "\(result.case) skipped without a reason") }
        }
        #expect(report.results.contains { $0.status == .pass })
    }
}
