import Foundation
import Switchboard
import SwitchboardWasup
import Testing

/// Shared values for the adapter's tests.
enum Fixture {
    /// An API key that must never show up in a log line, error or description.
    static let apiKey = "wsk_live_9f8e7d6c5b4a3210SECRET"
    /// The webhook secret the tokens derive from.
    static let webhookSecret = "whsec_tests_0123456789abcdef"
    /// An instance id in Wasup's format (the spec's example).
    static let instanceID = "wa_lxyz123_abc45"
    /// The customer's phone from the spec's webhook example.
    static let customer = Phone(e164Digits: "447835156367")
    /// The linked phone from the spec's webhook example.
    static let linked = Phone(e164Digits: "358942721757")

    /// One libcurl transport for the whole test process: a transport owns a thread, and sharing
    /// it also exercises connection reuse across suites. It lives as long as the process.
    static let transport = CurlTransport()

    /// An adapter pointed at `baseURL` through the real transport.
    static func provider(_ baseURL: String, route: WasupProvider.SendRoute = .instance,
                         webhookSecret: String? = Fixture.webhookSecret) -> WasupProvider {
        WasupProvider(name: "wasup-test", baseURL: baseURL, apiKey: apiKey, transport: transport,
                      webhookSecret: webhookSecret, sendRoute: route)
    }

    /// Whether `data` is JSON equal to the JSON text `expected` (key order and number spelling aside).
    static func jsonEqual(_ data: Data, _ expected: String) -> Bool {
        guard let lhs = canonical(data), let rhs = canonical(Data(expected.utf8)) else { return false }
        return lhs == rhs
    }

    /// JSON text with sorted keys, for comparing and for readable failure messages.
    static func canonical(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let text = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// The error `body` throws, or `nil` when it succeeds.
    static func failure<T>(_ body: () async throws -> T) async -> SwitchboardError? {
        do {
            _ = try await body()
            return nil
        } catch let error as SwitchboardError {
            return error
        } catch {
            Issue.record("threw something other than a SwitchboardError: \(error)")
            return nil
        }
    }
}
