import Foundation
import Switchboard
import SwitchboardConformance
import SwitchboardWasup
import Testing
import WasupEmulator

/// The conformance suite against this adapter and the Wasup emulator: every case passes, or is
/// skipped with a reason, or is an expected failure listed below with why. A listed case that
/// starts passing fails the run, so the list cannot go stale.
@Suite struct WasupConformanceTests {
    /// Cases that fail today for reasons outside the adapter, each with the reason.
    /// Nothing is expected to fail on Wasup.
    static let expectedFailures: [String: String] = [:]

    @Test func suitePassesAgainstTheEmulator() async throws {
        let report = try await Self.runSuite()
        for result in report.results {
            #expect(result.status != .fail, "\(result.case): \(result.reason ?? "")")
            if result.status == .skip { #expect(result.reason?.isEmpty == false, "\(result.case) skipped without a reason") }
        }
        #expect(report.passed > 0, "\(report.summary)")
    }

    /// Runs the suite; webhooks go to the emulator's own sink, and the suite reads them back from it.
    static func runSuite() async throws -> ConformanceReport {
        let emulator = try WasupEmulator(token: Fixture.apiKey, transport: Fixture.transport, webhookAttempts: 1)
        let port = try await emulator.start()
        let base = "http://127.0.0.1:\(port)"
        let configuration = ConformanceConfiguration(
            provider: Fixture.provider(base),
            harness: SwitchboardConformance.EmulatorHarness(baseURL: base, transport: Fixture.transport),
            unauthorizedProvider: WasupProvider(name: "wasup-test", baseURL: base, apiKey: "wrong-key", transport: Fixture.transport),
            webhookSecret: Fixture.webhookSecret, expectedFailures: expectedFailures)
        let report = await ConformanceSuite(configuration).run()
        await emulator.stop()
        return report
    }
}
