import EmulatorKit
import Foundation
import HTTPTypes
import Switchboard
import Testing
import WawpEmulator

/// The emulator's own serving API: `WawpEmulator(token:)` with its own transport, start, shutdown.
@Suite struct ServingTests {
    @Test func startsOnAFreePortAndShutsDownItsOwnTransport() async throws {
        let emulator = try WawpEmulator(token: "own")
        let port = try await emulator.start()
        #expect(port > 0)
        let client = CurlTransport()
        let url = TransportRequest.url(base: "http://127.0.0.1:\(port)", path: "/v2/session/create", query: [("access_token", "own")])
        let created = try await client.send(TransportRequest(method: .post, url: url))
        #expect(created.status == 201)
        #expect(emulator.requestLog?.entries.first?.operationId == "_v2_session_create_post")
        await emulator.shutdown()
        #expect(emulator.requestLog == nil)
        await #expect(throws: SwitchboardError.self) { try await client.send(TransportRequest(method: .post, url: url)) }
        await client.shutdown()
    }
}
