import Foundation
import Switchboard
@testable import SwitchboardWawp
import TestSupport
import Testing

/// Every error body the spec documents, served by a real server and read through the adapter.
@Suite struct WawpErrorFormatTests {
    /// What each documented error must become: the kind and provider code, by status and code.
    static func expectedKind(_ example: SpecExamples.ErrorExample) -> (SwitchboardError.Kind, String?) {
        switch (example.status, example.format) {
        case (400, _): (.invalidRequest, example.body.contains("invalid_param") ? "invalid_param" : "missing_param")
        case (401, _): (.unauthorized, "invalid_access_token")
        case (403, _): (.quotaExceeded, "quota_reached")
        case (404, _): (.notFound, "invalid_session")
        case (422, _): (.instanceNotReady, "session_unexpected_status")
        case (429, _): (.rateLimited, "rate_limit_exceeded")
        case (500, "html"): (.serverError, nil)
        case (500, _): (.serverError, "server_error")
        case (502, _): (.upstreamUnavailable, "proxy_error")
        default: (.invalidResponse, nil)
        }
    }

    @Test func theSpecDocumentsEveryFormat() {
        let formats = Set(SpecExamples.errors.map { "\($0.status) \($0.format)" })
        for expected in ["400 text", "400 json", "401 xml", "401 json", "403 json", "404 xml", "404 json",
                         "422 json", "429 json", "500 html", "500 json", "502 xml"] {
            #expect(formats.contains(expected), "the catalog has no \(expected) example")
        }
    }

    @Test(arguments: SpecExamples.errors)
    func everyDocumentedErrorBodyMapsToItsKind(_ example: SpecExamples.ErrorExample) async throws {
        let error = try await StubServer.serving(.init(example.status, example.body)) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        let (kind, code) = Self.expectedKind(example)
        let failure = try #require(error)
        #expect(failure.kind == kind)
        #expect(failure.providerCode == code)
        #expect(failure.httpStatus == example.status)
        #expect(failure.provider == "wawp-test")
        #expect(failure.recommendation?.isEmpty == false, "no recommendation read from \(example.body)")
        #expect(!failure.message.contains("<"), "markup left in \(failure.message)")
    }

    @Test func plainText400IsReadIntoCodeMessageAndAdvice() {
        let body = WawpErrorBody(Data("Error: missing_param. Missing required parameter: {parameterName}. Please check your request parameters and try again.".utf8))
        #expect(body == WawpErrorBody(format: .text, code: "missing_param", message: "Missing required parameter: {parameterName}.",
                                      recommendation: "Please check your request parameters and try again."))
    }

    @Test func xmlIsReadElementByElement() throws {
        let example = try #require(SpecExamples.errors.first { $0.status == 502 && $0.format == "xml" })
        let body = WawpErrorBody(Data(example.body.utf8))
        #expect(body == WawpErrorBody(format: .xml, code: "proxy_error", message: "Failed to connect to WhatsApp server.",
                                      recommendation: "Check if the instance is online and connected."))
    }

    @Test func htmlGivesItsParagraphAndRecommendation() throws {
        let example = try #require(SpecExamples.errors.first { $0.status == 500 && $0.format == "html" })
        let body = WawpErrorBody(Data(example.body.utf8))
        #expect(body == WawpErrorBody(format: .html, message: "The server encountered an internal error. Please try again later.",
                                      recommendation: "Check the API dashboard for service status updates."))
    }

    @Test func json422CarriesTheCurrentStatus() async throws {
        let example = try #require(SpecExamples.errors.first { $0.status == 422 })
        let body = WawpErrorBody(Data(example.body.utf8))
        #expect(body.code == "session_unexpected_status")
        #expect(body.currentStatus == "FAILED")
        let error = try await StubServer.serving(.init(422, example.body)) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        #expect(error?.message.contains("instance is FAILED") == true)
        #expect(error?.isRetryable == true)
    }

    @Test func rateLimitWaitComesFromTheBodyOrTheHeader() async throws {
        let example = try #require(SpecExamples.errors.first { $0.status == 429 })
        let fromBody = try await StubServer.serving(.init(429, example.body, headers: ["Retry-After": "5"])) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        #expect(fromBody?.retryAfter == .seconds(60))
        let fromHeader = try await StubServer.serving(.init(429, "Too Many Requests", headers: ["Retry-After": "7", "Content-Type": "text/plain"])) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        #expect(fromHeader?.kind == .rateLimited)
        #expect(fromHeader?.retryAfter == .seconds(7))
    }

    /// Bodies no documentation shows: the status decides, nothing crashes.
    @Test(arguments: [
        (503, "", SwitchboardError.Kind.upstreamUnavailable),
        (500, "<html><body><p>unterminated", .serverError),
        (404, "<?xml version=\"1.0\"?><error><code>", .notFound),
        (418, "\u{00}\u{01}\u{02}binary", .invalidResponse),
        (401, "{\"code\": 42, \"message\": [\"odd\"]}", .unauthorized),
        (400, "{not json", .invalidRequest),
        (409, "Error:", .instanceNotReady),
        (429, "<error><code>rate_limit_exceeded</code></error>", .rateLimited),
    ])
    func unknownFormatsFallBackToTheStatus(status: Int, body: String, kind: SwitchboardError.Kind) async throws {
        let error = try await StubServer.serving(.init(status, body)) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        #expect(error?.kind == kind)
        #expect(error?.httpStatus == status)
    }

    @Test func anUnreadableSuccessForAReadIsAnInvalidResponse() async throws {
        let error = try await StubServer.serving(.init(200, "Success: Operation completed successfully.")) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).instance(Fixture.instanceID) }
        }
        #expect(error?.kind == .invalidResponse)
    }

    @Test func aServerErrorOnASendIsAmbiguous() async throws {
        let example = try #require(SpecExamples.errors.first { $0.status == 500 && $0.format == "html" })
        let error = try await StubServer.serving(.init(500, example.body)) { base, _ in
            await Fixture.failure { try await Fixture.provider(base).send(.text("hi", to: .person(Fixture.customer)), from: Fixture.instanceID) }
        }
        #expect(error?.kind == .serverError)
        #expect(error?.isAmbiguous == true)
        #expect(error?.surelyNotSent == false)
    }

    @Test func markupReaderDecodesEntitiesAndCDATA() {
        #expect(Markup.element("message", in: "<error><message><![CDATA[a < b]]> &amp; c&#39;s &#x41;</message></error>") == "a < b & c's A")
        #expect(Markup.element("message", in: "<error><messages>x</messages></error>") == nil)
        #expect(Markup.element("code", in: "<code/><code>second</code>") == "second")
        #expect(Markup.elements("p", in: "<p class=\"x\">one</p><p>two <b>bold</b></p>") == ["one", "two bold"])
    }
}
