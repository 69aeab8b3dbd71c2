import Foundation
import Switchboard
import SwitchboardWawp
import TestSupport
import Testing

/// The access token travels in the query string; it must never reach a log line, an error or a
/// description, even when the server echoes it back.
@Suite struct WawpRedactionTests {
    @Test func theTokenIsInNoLogLineErrorOrDescription() async throws {
        let lines = CapturingLogHandler.Lines()
        let logger = CapturingLogHandler.logger(lines)
        let (errors, description, wawp) = try await CurlTransport.withTransport(logger: logger) { transport in
            let echoing = StubServer { request in
                // A careless server that echoes the request URL, token and all, in each format.
                let url = "\(request.path)?\(request.rawQuery)"
                let token = Fixture.accessToken
                switch request.path {
                case "/v2/session/info": return .init(401, "<?xml version=\"1.0\"?><error><code>invalid_access_token</code><message>Invalid token \(token) for \(url)</message><details><recommendation>Check \(token)</recommendation></details></error>")
                case "/v2/send/text": return .init(500, "<!DOCTYPE html><html><body><p>Failed \(url)</p><p><em>Recommendation: retry \(token)</em></p></body></html>")
                case "/v2/profile": return .init(400, "Error: invalid_param. Bad access_token=\(token). Please check.")
                case "/v2/chats/messages": return .init(200, "not json \(token)")
                default: return .json(429, ["code": "rate_limit_exceeded", "message": "slow down \(token)", "details": ["recommendation": token, "retryAfter": 1]])
                }
            }
            var (errors, description) = try await echoing.run { base in
                let wawp = Fixture.provider(base, transport: transport, logger: logger)
                let chat = ChatID.person(Fixture.customer)
                let errors = [
                    await Fixture.failure { try await wawp.instance(Fixture.instanceID) },
                    await Fixture.failure { try await wawp.send(.text("hi", to: chat), from: Fixture.instanceID) },
                    await Fixture.failure { try await wawp.profile(Fixture.instanceID) },
                    await Fixture.failure { try await wawp.messages(Fixture.instanceID, in: chat, limit: 1) },
                    await Fixture.failure { try await wawp.setTyping(Fixture.instanceID, in: chat, true) },
                ].compactMap { $0 }
                return (errors, "\(wawp) \(String(reflecting: wawp))")
            }
            // Nothing listens on port 9 of loopback: a transport error, whose message names the URL.
            let wawp = Fixture.provider("http://127.0.0.1:9", transport: transport, logger: logger)
            if let refused = await Fixture.failure({ try await wawp.instance(Fixture.instanceID) }) { errors.append(refused) }
            return (errors, description, wawp)
        }

        #expect(errors.count == 6)
        #expect(errors.map(\.kind) == [.unauthorized, .serverError, .invalidRequest, .invalidResponse, .rateLimited, .transport])
        for error in errors {
            let text = "\(error) \(String(reflecting: error)) \(error.message) \(error.recommendation ?? "") \(error.providerCode ?? "")"
            #expect(!text.contains(Fixture.accessToken), "token in error: \(text)")
        }
        #expect(!lines.all.isEmpty, "the transport and the adapter logged at debug level")
        for line in lines.all { #expect(!line.contains(Fixture.accessToken), "token in log line: \(line)") }
        #expect(!description.contains(Fixture.accessToken))
        var dumped = ""
        dump(wawp, to: &dumped)
        #expect(!dumped.contains(Fixture.accessToken), "token in dump")
        #expect(!dumped.contains(Fixture.webhookSecret), "webhook secret in dump")
    }
}
