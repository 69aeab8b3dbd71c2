import Foundation
import HTTPTypes
import Testing
@testable import Switchboard

@Suite(.serialized) struct CurlTransportTests {
    @Test func everyMethodCarriesItsQueryAndBody() async throws {
        try await withTestServer { base, _ in
            let transport = CurlTransport()
            defer { transport.shutdown() }
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

    @Test(arguments: [200, 201, 204, 301, 400, 401, 404, 429, 500, 502])
    func everyStatusClassComesBackAsAResponse(status: Int) async throws {
        try await withTestServer { base, _ in
            let transport = CurlTransport()
            defer { transport.shutdown() }
            let response = try await transport.send(TransportRequest(url: base + "/status/\(status)"))
            #expect(response.status.code == status)
            #expect(response.text == (status == 204 ? "" : "status \(status)"))
        }
    }

    @Test func sequentialRequestsReuseTheConnection() async throws {
        try await withTestServer { base, log in
            let transport = CurlTransport()
            defer { transport.shutdown() }
            for _ in 0..<1000 {
                let response = try await transport.send(TransportRequest(url: base + "/json"))
                #expect(response.status == 200)
            }
            #expect(log.requests == 1000)
            #expect(log.connections <= 2, "1,000 sequential requests opened \(log.connections) connections")
        }
    }

    @Test func fiveHundredConcurrentRequestsAllComeBackRight() async throws {
        try await withTestServer { base, log in
            let transport = CurlTransport()
            defer { transport.shutdown() }
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

    @Test func aSlowAnswerTripsTheTimeout() async throws {
        try await withTestServer { base, _ in
            let transport = CurlTransport()
            defer { transport.shutdown() }
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

    @Test func cancellingTheTaskStopsTheTransfer() async throws {
        try await withTestServer { base, log in
            let transport = CurlTransport()
            defer { transport.shutdown() }
            let started = ContinuousClock.now
            let task = Task {
                try await transport.send(TransportRequest(url: base + "/slow?ms=4000", timeout: .seconds(60)))
            }
            while log.slowRequestsStarted == 0 { try await Task.sleep(for: .milliseconds(10)) }
            task.cancel()
            let result = await task.result
            #expect(throws: SwitchboardError.self) { try result.get() }
            if case .failure(let error as SwitchboardError) = result { #expect(error.transportFailure == .cancelled) }
            #expect(ContinuousClock.now - started < .milliseconds(3500))
            // The transport stays usable afterwards.
            #expect(try await transport.send(TransportRequest(url: base + "/json")).status == 200)
        }
    }

    @Test func aClosedPortSaysConnectionRefused() async throws {
        let transport = CurlTransport()
        defer { transport.shutdown() }
        let error = await #expect(throws: SwitchboardError.self) {
            try await transport.send(TransportRequest(url: "http://127.0.0.1:1/x?access_token=SECRET-TOKEN"))
        }
        #expect(error?.kind == .transport)
        #expect(error?.transportFailure == .connectionRefused)
        #expect(error?.surelyNotSent == true)
        #expect(error?.description.contains("connection refused") == true)
        #expect(error?.description.contains("SECRET-TOKEN") == false)
    }

    @Test func tenMebibytesRoundTripByteExact() async throws {
        try await withTestServer { base, _ in
            let transport = CurlTransport()
            defer { transport.shutdown() }
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

    @Test func secretsNeverReachLogsOrErrors() async throws {
        try await withTestServer { base, _ in
            let lines = CapturingLogHandler.Lines()
            let transport = CurlTransport(logger: CapturingLogHandler.logger(lines))
            defer { transport.shutdown() }
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

    @Test func shutdownFailsLaterRequests() async throws {
        let transport = CurlTransport()
        transport.shutdown()
        transport.shutdown()
        let error = await #expect(throws: SwitchboardError.self) {
            try await transport.send(TransportRequest(url: "http://127.0.0.1:1/"))
        }
        #expect(error?.transportFailure == .cancelled)
    }
}
