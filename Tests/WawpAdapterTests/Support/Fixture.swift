import Foundation
import Logging
import Switchboard
import SwitchboardWawp

/// Shared values for the adapter's tests.
enum Fixture {
    /// An access token that must never show up in a log line, an error or a description.
    static let accessToken = "wawp_tok_7c6b5a4f3e2d1c0bLEAKME"
    /// The HMAC key set in Wawp's dashboard.
    static let webhookSecret = "whsec_wawp_tests_0123456789"
    /// An instance id in Wawp's format (the spec's example).
    static let instanceID = "3EB0BCB2E3D4"
    /// A customer.
    static let customer = Phone(e164Digits: "447441429009")
    /// The linked phone (the spec's webhook example `me.id`).
    static let linked = Phone(e164Digits: "11111111111")

    /// One libcurl transport for the test process: it owns a thread, and sharing it exercises
    /// connection reuse across suites. It lives as long as the process.
    static let transport = CurlTransport()

    /// An adapter pointed at `baseURL` through the real transport; startup polling without pauses.
    static func provider(_ baseURL: String, instances: [String] = [instanceID], webhookSecret: String? = webhookSecret,
                         store: (any Store)? = nil,
                         transport: any HTTPTransport = Fixture.transport,
                         logger: Logger = Logger(label: "wawp-tests")) -> WawpProvider {
        WawpProvider(name: "wawp-test", baseURL: baseURL, accessToken: accessToken, instances: instances,
                     transport: transport, webhookSecret: webhookSecret, store: store,
                     startupPolling: .init(attempts: 8, interval: .milliseconds(1)), logger: logger)
    }

    /// The error `body` throws, or `nil` when it succeeds.
    static func failure<T>(_ body: () async throws -> T) async -> SwitchboardError? {
        do {
            _ = try await body()
            return nil
        } catch let error as SwitchboardError {
            return error
        } catch {
            return .invalidResponse("unexpected error type: \(error)")
        }
    }

    /// The repository's root, found from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }
}
