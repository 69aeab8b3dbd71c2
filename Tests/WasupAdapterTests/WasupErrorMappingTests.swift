import Foundation
import Switchboard
import SwitchboardWasup
import TestSupport
import Testing

/// Wasup's documented error answers, served by a real server on loopback, in the neutral taxonomy.
@Suite struct WasupErrorMappingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var status: Int
        var body: String
        var headers: [String: String] = ["Content-Type": "application/json"]
        var kind: SwitchboardError.Kind
        var retryAfter: Duration? = nil
        var messageContains: String
        var recommendation: String? = nil
        var testDescription: String { name }
    }

    // The bodies are the spec's: `Unauthorized`, `NotFound`/`BadRequest` ({error}), the webhook
    // test's 400 with `hint`, the upload's 503; the rest are what gateways in front of it send.
    static let getInstanceCases: [Case] = [
        Case(name: "401 Unauthorized", status: 401,
             body: #"{"error":"Unauthorized","message":"Valid API key required. Use X-API-Key header or Authorization Bearer"}"#,
             kind: .unauthorized, messageContains: "Valid API key required"),
        Case(name: "404 NotFound", status: 404, body: #"{"error":"Instance not found"}"#,
             kind: .notFound, messageContains: "Instance not found"),
        Case(name: "400 BadRequest naming a missing instance", status: 400, body: #"{"error":"Instance not found"}"#,
             kind: .notFound, messageContains: "Instance not found"),
        Case(name: "400 BadRequest", status: 400, body: #"{"error":"Invalid instance id"}"#,
             kind: .invalidRequest, messageContains: "Invalid instance id"),
        Case(name: "403", status: 403, body: #"{"error":"Plan limit reached"}"#,
             kind: .quotaExceeded, messageContains: "Plan limit"),
        Case(name: "429 with Retry-After", status: 429, body: #"{"error":"Too many requests"}"#,
             headers: ["Content-Type": "application/json", "Retry-After": "7"],
             kind: .rateLimited, retryAfter: .seconds(7), messageContains: "Too many requests"),
        Case(name: "429 with waitTime", status: 429, body: #"{"error":"Rate limited","waitTime":1500}"#,
             kind: .rateLimited, retryAfter: .milliseconds(1500), messageContains: "Rate limited"),
        Case(name: "500", status: 500, body: #"{"error":"Internal server error"}"#,
             kind: .serverError, messageContains: "Internal server error"),
        Case(name: "502 from a proxy, HTML", status: 502, body: "<html><body>Bad Gateway</body></html>",
             headers: ["Content-Type": "text/html"], kind: .upstreamUnavailable, messageContains: "Bad Gateway"),
        Case(name: "503", status: 503, body: #"{"error":"Azure Blob Storage not configured"}"#,
             kind: .upstreamUnavailable, messageContains: "Azure Blob Storage"),
        Case(name: "503 server still starting, empty", status: 503, body: "",
             kind: .upstreamUnavailable, messageContains: "empty body"),
        Case(name: "200 with garbage", status: 200, body: "<html>maintenance</html>",
             headers: ["Content-Type": "text/html"], kind: .invalidResponse, messageContains: "not JSON"),
        Case(name: "200 truncated", status: 200, body: #"{"success":true,"instance":{"id":"wa_"#,
             kind: .invalidResponse, messageContains: "not JSON"),
        Case(name: "200 without the instance", status: 200, body: #"{"success":true}"#,
             kind: .invalidResponse, messageContains: "instance"),
        Case(name: "200 success false", status: 200, body: #"{"success":false,"error":"Instance is not connected"}"#,
             kind: .instanceNotReady, messageContains: "not connected"),
    ]

    @Test(arguments: getInstanceCases)
    func getInstanceAnswer(_ scripted: Case) async throws {
        let server = StubServer { _ in .init(scripted.status, scripted.body, headers: scripted.headers) }
        let error = try await server.run { base in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        let failure = try #require(error)
        #expect(failure.kind == scripted.kind, "\(failure)")
        #expect(failure.provider == "wasup-test")
        #expect(failure.httpStatus == scripted.status)
        #expect(failure.message.contains(scripted.messageContains), "\(failure.message)")
        if let retryAfter = scripted.retryAfter { #expect(failure.retryAfter == retryAfter) }
        #expect(!failure.isAmbiguous, "a read is never ambiguous")
        #expect(failure.isRetryable == [.rateLimited, .serverError, .upstreamUnavailable, .instanceNotReady].contains(scripted.kind))
        #expect(server.requests.first?.header("X-API-Key") == Fixture.apiKey)
    }

    @Test func webhookTestWithoutWebhookKeepsTheHint() async throws {
        let server = StubServer { _ in
            .init(400, #"{"error":"No webhook URL configured for this instance","hint":"Set webhookUrl via PUT /api/instances/:id or during onboarding"}"#)
        }
        let error = try await server.run { base in
            await Fixture.failure { try await Fixture.provider(base).testWebhook(Fixture.instanceID) }
        }
        let failure = try #require(error)
        #expect(failure.kind == .invalidRequest)
        #expect(failure.message.contains("No webhook URL configured"))
        #expect(failure.recommendation == "Set webhookUrl via PUT /api/instances/:id or during onboarding")
    }

    @Test func webhookTestThatCouldNotReachTheReceiverIsUpstreamUnavailable() async throws {
        // The spec's `failure` example.
        let server = StubServer { _ in
            .init(200, #"{"success":false,"webhookUrl":"https://acme.com/webhook","error":"connect ECONNREFUSED","message":"Failed to deliver test webhook"}"#)
        }
        let error = try await server.run { base in
            await Fixture.failure { try await Fixture.provider(base).testWebhook(Fixture.instanceID) }
        }
        let failure = try #require(error)
        #expect(failure.kind == .upstreamUnavailable)
        #expect(failure.message.contains("ECONNREFUSED"))
    }

    struct SendCase: Sendable, CustomTestStringConvertible {
        var name: String
        var status: Int
        var body: String
        var kind: SwitchboardError.Kind
        var retryAfter: Duration?
        var ambiguous: Bool
        var testDescription: String { name }
    }

    static let sendCases: [SendCase] = [
        SendCase(name: "anti-ban block with waitTime", status: 200,
                 body: #"{"success":true,"messageType":"text","result":{"sent":false,"reason":"Hourly message limit reached","waitTime":45000}}"#,
                 kind: .rateLimited, retryAfter: .seconds(45), ambiguous: false),
        SendCase(name: "handoff block", status: 200,
                 body: #"{"success":true,"messageType":"text","result":{"sent":false,"reason":"Chat is in human handoff"}}"#,
                 kind: .handoffActive, retryAfter: nil, ambiguous: false),
        SendCase(name: "400 not connected", status: 400, body: #"{"error":"Instance not connected"}"#,
                 kind: .instanceNotReady, retryAfter: nil, ambiguous: false),
        SendCase(name: "500 during a send", status: 500, body: #"{"error":"Send failed"}"#,
                 kind: .serverError, retryAfter: nil, ambiguous: true),
        SendCase(name: "502 during a send", status: 502, body: "",
                 kind: .upstreamUnavailable, retryAfter: nil, ambiguous: true),
        SendCase(name: "200 with garbage during a send", status: 200, body: "OK",
                 kind: .invalidResponse, retryAfter: nil, ambiguous: true),
    ]

    @Test(arguments: sendCases)
    func sendAnswer(_ scripted: SendCase) async throws {
        let server = StubServer { _ in .init(scripted.status, scripted.body) }
        let error = try await server.run { base in
            await Fixture.failure { try await Fixture.provider(base).send(.text("hi", to: .person(Fixture.customer)), from: Fixture.instanceID) }
        }
        let failure = try #require(error)
        #expect(failure.kind == scripted.kind, "\(failure)")
        #expect(failure.retryAfter == scripted.retryAfter)
        #expect(failure.isAmbiguous == scripted.ambiguous)
        #expect(failure.surelyNotSent == !scripted.ambiguous)
    }

    @Test func theKeyNeverShowsEvenWhenTheServerEchoesIt() async throws {
        let server = StubServer { request in
            .init(401, #"{"error":"Unauthorized","message":"key \#(request.header("X-API-Key") ?? "") is not valid"}"#)
        }
        let error = try await server.run { base in
            await Fixture.failure { try await Fixture.provider(base).listInstances() }
        }
        let failure = try #require(error)
        #expect(failure.kind == .unauthorized)
        #expect(!failure.description.contains(Fixture.apiKey), "\(failure)")
        #expect(failure.description.contains("<redacted>"))
        let provider = Fixture.provider("http://127.0.0.1:9")
        #expect(!"\(provider)".contains(Fixture.apiKey))
        var dumped = ""
        dump(provider, to: &dumped)
        #expect(!dumped.contains(Fixture.apiKey), "dump shows the key")
        #expect(!dumped.contains(Fixture.webhookSecret), "dump shows the webhook secret")
    }

    @Test func aRefusedConnectionIsATransportError() async throws {
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let provider = Fixture.provider("http://127.0.0.1:9")
        do {
            _ = try await provider.listInstances()
            Issue.record("a request to a closed port succeeded")
        } catch {
            #expect(error.kind == .transport)
            #expect(error.provider == "wasup-test")
        }
    }
}
