import EmulatorKit
import Hummingbird
import Switchboard
import Testing

/// `BackgroundServer.stop(grace:)` on a real server: it stops accepting first, lets the request
/// in progress finish, and returns once the server has ended.
@Suite struct BackgroundServerTests {
    @Test func stopClosesThePortButLetsTheRequestInProgressFinish() async throws {
        let (entered, enteredGate) = AsyncStream<Void>.makeStream()
        let (released, releaseGate) = AsyncStream<Void>.makeStream()
        let router = Router()
        router.get("/slow") { _, _ -> String in
            enteredGate.yield()
            for await _ in released { break }
            return "finished"
        }
        router.get("/probe") { _, _ in "up" }
        let server = try await BackgroundServer.start { onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: onServerRunning)
        }
        let transport = CurlTransport()
        let base = "http://127.0.0.1:\(server.port)"
        let inProgress = Task { try await transport.send(TransportRequest(url: base + "/slow")) }
        for await _ in entered { break }

        let stopping = Task { await server.stop(grace: .seconds(120)) }
        // The stop has begun once a new connection is refused; only then may the slow request end.
        var refused = false
        for _ in 0..<1500 where !refused {
            do {
                _ = try await transport.send(TransportRequest(url: base + "/probe"))
            } catch {
                refused = error.transportFailure == .connectionRefused
            }
            if !refused { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(refused, "the server still accepted connections while stopping")

        releaseGate.yield()
        let response = try await inProgress.value
        #expect(response.status.code == 200)
        #expect(response.text == "finished")
        await stopping.value
        await transport.shutdown()
    }
}
