import Foundation
import HTTPTypes
import TestSupport
import Testing
@testable import Switchboard

@Suite(.serialized) struct CurlTransportTests {
    @Test func everyMethodCarriesItsQueryAndBody() async throws {
        try await withTestServer { base, _ in
            try await CurlTransport.withTransport { transport throws in
                for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
                    let body = method == .get ? nil : Data(#"{"method":"\#(method)"}"#.utf8)
                    let response = try await transport.send(TransportRequest(
                        method: method, url: TransportRequest.url(base: base, path: "/echo", query: [("a", "1 2"), ("b", "é")]),
                        headerFields: [.contentType: "application/json"], body: body))
                    #expect(response.status == 200)
                    #expect(response.header("x-method") == method.rawValue)
                    #expect(response.header("X-Query") == "a=1%202&b=%C3%A9")
                    #expect(response.body == (body ?? Data()))
                    #expect(response.mediaType == (method == .get ? "application/json" : "application/json"))
                }
            }
        }
    }

    @Test(arguments: [200, 201, 204, 301, 400, 401, 404, 429, 500, 502])
    func everyStatusClassComesBackAsAResponse(status: Int) async throws {
        try await withTestServer { base, _ in
            try await CurlTransport.withTransport { transport throws in
                let response = try await transport.send(TransportRequest(url: base + "/status/\(status)"))
                #expect(response.status.code == status)
                #expect(response.text == (status == 204 ? "" : "status \(status)"))
            }
        }
    }

    @Test func sequentialRequestsReuseTheConnection() async throws {
        try await withTestServer { base, log in
            try await CurlTransport.withTransport { transport throws in
                for _ in 0..<1000 {
                    let response = try await transport.send(TransportRequest(url: base + "/json"))
                    #expect(response.status == 200)
                }
                #expect(log.requests == 1000)
                #expect(log.connections <= 2, "1,000 sequential requests opened \(log.connections) connections")
            }
        }
    }

    @Test func fiveHundredConcurrentRequestsAllComeBackRight() async throws {
        try await withTestServer { base, log in
            try await CurlTransport.withTransport { transport throws in
                let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<500 {
                        group.addTask {
                            let body = Data("request \(index)".utf8)
                            let response = try await transport.send(TransportRequest(method: .post, url: base + "/echo", body: body))
                            return response.status == 200 && response.body == body
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
                }
                #expect(mismatches == 0)
                #expect(log.requests == 500)
            }
        }
    }

    @Test func aSlowAnswerTripsTheTimeout() async throws {
        try await withTestServer { base, _ in
            try await CurlTransport.withTransport { transport throws in
                let started = ContinuousClock.now
                let error = await #expect(throws: SwitchboardError.self) {
                    try await transport.send(TransportRequest(url: base + "/slow?ms=3000", timeout: .milliseconds(300)))
                }
                #expect(error?.transportFailure == .timeout)
                #expect(error?.isAmbiguous == true)
                // The server would have answered after 3 s; the timeout must not wait for it.
                #expect(ContinuousClock.now - started < .milliseconds(2500))
            }
        }
    }

    @Test func cancellingTheTaskStopsTheTransfer() async throws {
        try await withTestServer { base, log in
            try await CurlTransport.withTransport { transport throws in
                let started = ContinuousClock.now
                let task = Task {
                    try await transport.send(TransportRequest(url: base + "/slow?ms=4000", timeout: .seconds(60)))
                }
                while log.slowRequestsStarted == 0 { try await Task.sleep(for: .milliseconds(10)) }
                task.cancel()
                let result = await task.result
                #expect(throws: SwitchboardError.self) { try result.get() }
                if case .failure(let error as SwitchboardError) = result {
                    // The server had the request: its effect is unknown.
                    #expect(error.transportFailure == .cancelled)
                    #expect(error.isAmbiguous)
                    #expect(!error.surelyNotSent)
                }
                #expect(ContinuousClock.now - started < .milliseconds(3500))
                // The transport stays usable afterwards.
                #expect(try await transport.send(TransportRequest(url: base + "/json")).status == 200)
            }
        }
    }

    @Test func aClosedPortSaysConnectionRefused() async throws {
        try await CurlTransport.withTransport { transport throws in
            let error = await #expect(throws: SwitchboardError.self) {
                try await transport.send(TransportRequest(url: "http://127.0.0.1:1/x?access_token=SECRET-TOKEN"))
            }
            #expect(error?.kind == .transport)
            #expect(error?.transportFailure == .connectionRefused)
            #expect(error?.surelyNotSent == true)
            #expect(error?.description.contains("connection refused") == true)
            #expect(error?.description.contains("SECRET-TOKEN") == false)
        }
    }

    @Test func tenMebibytesRoundTripByteExact() async throws {
        try await withTestServer { base, _ in
            try await CurlTransport.withTransport { transport throws in
                var body = Data(count: 10 << 20)
                var seed = UInt64.random(in: 1...UInt64.max)
                body.withUnsafeMutableBytes { bytes in
                    for index in bytes.indices {
                        seed = seed &* 6364136223846793005 &+ 1442695040888963407
                        bytes[index] = UInt8(truncatingIfNeeded: seed >> 33)
                    }
                }
                let response = try await transport.send(TransportRequest(method: .put, url: base + "/echo", body: body))
                #expect(response.status == 200)
                #expect(response.body.count == body.count)
                #expect(response.body == body)
            }
        }
    }

    @Test func secretsNeverReachLogsOrErrors() async throws {
        try await withTestServer { base, _ in
            let lines = CapturingLogHandler.Lines()
            try await CurlTransport.withTransport(logger: CapturingLogHandler.logger(lines)) { transport in
                let url = base + "/status/401?access_token=SECRET-A&instance_id=ABC&apikey=SECRET-B&key=SECRET-C&token=SECRET-D"
                let response = try await transport.send(TransportRequest(url: url, headerFields: [HTTPField.Name("X-API-Key")!: "SECRET-E", .authorization: "Bearer SECRET-F"]))
                #expect(response.status == 401)
                let refused = await #expect(throws: SwitchboardError.self) {
                    try await transport.send(TransportRequest(url: "http://127.0.0.1:1/?access_token=SECRET-G"))
                }
                let everything = lines.all.joined(separator: "\n") + (refused?.description ?? "")
                #expect(lines.all.count >= 4, "expected request and response lines, got \(lines.all)")
                #expect(everything.contains("instance_id=ABC"))
                #expect(everything.contains("request-id="))
                for secret in ["SECRET-A", "SECRET-B", "SECRET-C", "SECRET-D", "SECRET-E", "SECRET-F", "SECRET-G"] {
                    #expect(!everything.contains(secret), "\(secret) leaked")
                }
            }
        }
    }

    @Test func shutdownFailsLaterRequests() async throws {
        let transport = CurlTransport()
        await transport.shutdown()
        await transport.shutdown()
        let error = await #expect(throws: SwitchboardError.self) {
            try await transport.send(TransportRequest(url: "http://127.0.0.1:1/"))
        }
        #expect(error?.transportFailure == .cancelled)
        #expect(error?.surelyNotSent == true)
    }

    // MARK: - Cancellation tells the truth (issue 13)

    @Test func aTaskAlreadyCancelledSendsNothing() async throws {
        try await withTestServer { base, log in
            try await CurlTransport.withTransport { transport throws in
                for _ in 0..<200 {
                    let task = Task {
                        withUnsafeCurrentTask { $0?.cancel() }
                        return try await transport.send(TransportRequest(method: .post, url: base + "/echo", body: Data("x".utf8)))
                    }
                    let result = await task.result
                    guard case .failure(let error as SwitchboardError) = result else {
                        Issue.record("a send from a cancelled task went out")
                        continue
                    }
                    #expect(error.transportFailure == .cancelled)
                    #expect(error.surelyNotSent)
                }
                #expect(try await transport.send(TransportRequest(url: base + "/json")).status == 200)
                #expect(log.requests == 1, "only the last request may reach the server, it saw \(log.requests)")
            }
        }
    }

    @Test func aSendCancelledWhileConnectingIsSurelyNotSent() async throws {
        let listener = try FullBacklogListener()
        defer { listener.stop() }
        try await CurlTransport.withTransport { transport throws in
            let task = Task {
                try await transport.send(TransportRequest(method: .post, url: "http://127.0.0.1:\(listener.port)/send",
                                                          body: Data("x".utf8), connectTimeout: .seconds(60), timeout: .seconds(60)))
            }
            // The listener never completes the handshake, so however long this takes, the
            // transfer is still connecting when the cancellation arrives.
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let result = await task.result
            guard case .failure(let error as SwitchboardError) = result else {
                Issue.record("expected a cancellation, got \(result)")
                return
            }
            #expect(error.transportFailure == .cancelled)
            #expect(error.surelyNotSent, "\(error)")
        }
    }

    // MARK: - No silent re-send (issue 17)

    @Test func aPostIsNotSentTwiceWhenTheReusedConnectionDies() async throws {
        // The first connection answers its first request, then reads the second and closes
        // without a byte of answer: libcurl would retry it on a new connection.
        let server = try ScriptedSocketServer { connection, request in
            connection == 1 && request == 2 ? .closeWithoutAnswer : .answer
        }
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        try await CurlTransport.withTransport { transport throws in
            #expect(try await transport.send(TransportRequest(url: base + "/warm")).status == 200)
            let error = await #expect(throws: SwitchboardError.self) {
                try await transport.send(TransportRequest(method: .post, url: base + "/send", body: Data("hello".utf8)))
            }
            #expect(error?.transportFailure == .connectionLost)
            #expect(error?.isAmbiguous == true)
            #expect(server.seen.filter { $0.method == "POST" }.count == 1, "\(server.seen)")
            // The transport stays usable.
            #expect(try await transport.send(TransportRequest(url: base + "/after")).status == 200)
        }
    }

    @Test func aGetIsRetriedWhenTheReusedConnectionDies() async throws {
        let server = try ScriptedSocketServer { connection, request in
            connection == 1 && request == 2 ? .closeWithoutAnswer : .answer
        }
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        try await CurlTransport.withTransport { transport throws in
            #expect(try await transport.send(TransportRequest(url: base + "/warm")).status == 200)
            // Idempotent: libcurl's retry on a fresh connection is harmless and kept.
            #expect(try await transport.send(TransportRequest(url: base + "/read")).status == 200)
            #expect(server.seen.map(\.path) == ["/warm", "/read", "/read"])
            #expect(server.seen.map(\.connection) == [1, 1, 2])
        }
    }

    // MARK: - Shutdown (issue 13)

    @Test func shutdownFailsWhatIsInFlightAndWaitsForIt() async throws {
        try await withTestServer { base, log in
            let transport = CurlTransport()
            let task = Task {
                try await transport.send(TransportRequest(url: base + "/slow?ms=4000", timeout: .seconds(60)))
            }
            while log.slowRequestsStarted == 0 { try await Task.sleep(for: .milliseconds(10)) }
            async let first: Void = transport.shutdown()
            async let second: Void = transport.shutdown()
            _ = await (first, second)
            let result = await task.result
            guard case .failure(let error as SwitchboardError) = result else {
                Issue.record("expected a shut-down error, got \(result)")
                return
            }
            #expect(error.transportFailure == .cancelled)
            #expect(error.isAmbiguous, "the server had the request")
            let after = await #expect(throws: SwitchboardError.self) {
                try await transport.send(TransportRequest(url: base + "/json"))
            }
            #expect(after?.surelyNotSent == true)
        }
    }
}
