import Foundation
import Testing
@testable import Switchboard

@Suite struct RedactionTests {
    @Test(arguments: [
        ("https://api.wawp.net/v2/send/text?instance_id=1&access_token=abc123", "https://api.wawp.net/v2/send/text?instance_id=1&access_token=<redacted>"),
        ("GET /x?token=t&apikey=k&api_key=q&key=z", "GET /x?token=<redacted>&apikey=<redacted>&api_key=<redacted>&key=<redacted>"),
        ("body access_token=abc&text=hi", "body access_token=<redacted>&text=hi"),
        ("webhookSecret=s3 name=ok", "webhookSecret=<redacted> name=ok"),
        ("no secrets here", "no secrets here"),
        ("monkey=banana", "monkey=banana"),
    ])
    func redactsSecretParameters(input: String, output: String) {
        #expect(Redaction.redact(input) == output)
    }

    @Test func errorsRedactWhatTheyAreGiven() {
        let error = SwitchboardError.unauthorized("GET https://h/x?access_token=LEAK failed")
        #expect(!error.description.contains("LEAK"))
        #expect(!error.message.contains("LEAK"))
    }

    @Test func headerValuesOfCredentialHeadersAreMasked() {
        #expect(Redaction.redactedHeaderValue(name: "X-API-Key", value: "k") == Redaction.mask)
        #expect(Redaction.redactedHeaderValue(name: "authorization", value: "Bearer k") == Redaction.mask)
        #expect(Redaction.redactedHeaderValue(name: "Content-Type", value: "text/plain") == "text/plain")
    }
}

@Suite struct RetryAfterTests {
    @Test func parsesSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_420)  // Wed, 21 Oct 2015 07:27:00 GMT
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse("1.5", now: now) == .milliseconds(1500))
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-3", now: now) == nil)
    }
}

@Suite struct SwitchboardErrorTests {
    @Test func statusesMapToKinds() {
        let table: [(Int, SwitchboardError.Kind, Bool)] = [
            (400, .invalidRequest, false), (401, .unauthorized, false), (403, .quotaExceeded, false),
            (404, .notFound, false), (422, .instanceNotReady, true), (429, .rateLimited, true),
            (500, .serverError, true), (502, .upstreamUnavailable, true), (503, .upstreamUnavailable, true),
            (418, .invalidResponse, false),
        ]
        for (status, kind, retryable) in table {
            let error = SwitchboardError.forStatus(status, message: "x")
            #expect(error.kind == kind, "\(status)")
            #expect(error.isRetryable == retryable, "\(status)")
            #expect(error.httpStatus == status)
        }
    }

    @Test func describesEverythingTheProviderSaid() {
        let error = SwitchboardError.rateLimited("slow down", retryAfter: .seconds(30))
            .from(provider: "wawp-main", httpStatus: 429, providerCode: "rate_limit_exceeded", recommendation: "wait")
        #expect(error.description == "rateLimited, provider wawp-main, HTTP 429, code rate_limit_exceeded: slow down (wait); retry after 30s")
        #expect(error.retryAfter == .seconds(30))
        #expect(SwitchboardError.unsupported(.sendButtons).feature == .sendButtons)
    }

    @Test func ambiguityBlocksFailover() {
        #expect(SwitchboardError.serverError("x").surelyNotSent == false)
        #expect(SwitchboardError.rateLimited("x").surelyNotSent)
        #expect(SwitchboardError.transport(.timeout, "x", ambiguous: true).surelyNotSent == false)
        #expect(SwitchboardError.transport(.connectionRefused, "x").surelyNotSent)
    }
}
