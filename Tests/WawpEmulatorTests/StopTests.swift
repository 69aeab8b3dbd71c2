import EmulatorKit
import Logging
import Switchboard
import Testing
import WawpEmulator

/// Stopping the emulator while webhooks wait in their retries: it gives up on them and stops at
/// once. It used to deliver them first, so an emulator whose receiver was gone waited out every
/// queued delivery's backoff (a full test run sat there until CI's time ran out).
@Suite struct StopTests {
    @Test func stoppingGivesUpOnWebhooksStillBeingRetried() async throws {
        let transport = CurlTransport()
        var logger = Logger(label: "test.wawp-emulator")
        logger.logLevel = .critical
        // 12 attempts, 10 s doubling: over five hours of retries for each refused delivery.
        let emulator = try WawpEmulator(token: WawpHarness.token, transport: transport, startingPolls: 1, maxInstances: 5,
                                        webhookAttempts: 12, webhookBackoff: .seconds(10), logger: logger)
        let port = try await emulator.start()
        let harness = WawpHarness(emulator: emulator, transport: transport, base: "http://127.0.0.1:\(port)")
        let instance = try await harness.workingInstance()
        // Nobody listens on port 9: every delivery is refused and retried.
        #expect(try await harness.control("POST", "/webhook", ["url": "http://127.0.0.1:9/hook"]).status == 200)
        // An API call answers at once; the status change it makes queues a webhook.
        #expect(try await harness.api("POST", "/v2/session/stop", instance: instance).status.code < 300)
        #expect(emulator.webhooks?.log.isEmpty == true)   // none has finished its attempts

        let stopping = Task { await emulator.stop() }
        #expect(await waitForEnd(of: stopping, atMost: .seconds(60)), "stop() waited on the queued webhooks' retries")
        await transport.shutdown()
    }
}
