import Foundation
import Switchboard
import SwitchboardConformance
import SwitchboardWawp
import Testing
import WawpEmulator

/// The conformance suite, every standard case, against the Wawp emulator: no failure, every skip
/// with its reason, no catalog violation (the suite's last case reads the request log).
@Suite struct WawpConformanceTests {
    @Test func theSuitePassesAgainstTheEmulator() async throws {
        let emulator = try WawpEmulator(token: Fixture.accessToken, transport: Fixture.transport, startingPolls: 1, webhookAttempts: 1)
        let port = try await emulator.start()
        let base = "http://127.0.0.1:\(port)"
        let configuration = ConformanceConfiguration(
            provider: Fixture.provider(base, instances: [], store: try SQLiteStore.inMemory()),
            harness: EmulatorHarness(baseURL: base, transport: Fixture.transport),
            unauthorizedProvider: WawpProvider(name: "wawp-test", baseURL: base, accessToken: "wrong-token", transport: Fixture.transport),
            webhookSecret: Fixture.webhookSecret)
        let report = await ConformanceSuite(configuration).run()
        await emulator.stop()

        for result in report.results {
            #expect(result.status != .fail, "\(result.jsonLine)")
            if result.status == .skip { #expect(result.reason?.isEmpty == false, "\(result.case) skipped without a reason") }
        }
        #expect(report.results.contains { $0.status == .pass })
    }
}
