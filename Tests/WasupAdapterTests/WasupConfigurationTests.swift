import Foundation
import Switchboard
import SwitchboardWasup
import TestSupport
import Testing

/// Building the adapter from a configuration file through the kind's declared keys.
@Suite struct WasupConfigurationTests {
    static func build(_ provider: String, baseURL: String = "http://127.0.0.1:9",
                      environment: [String: String] = [:]) throws(ConfigurationError) -> WasupProvider? {
        let json = #"{"providers": [{"name": "wasup-eu", "kind": "wasup", "baseURL": "\#(baseURL)", \#(provider)}]}"#
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wasup-\(UUID()).json").path
        guard FileManager.default.createFile(atPath: path, contents: Data(json.utf8)) else { throw ConfigurationError(key: path, "cannot write the test file") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try SwitchboardConfiguration.load(path: path, environment: environment)
        let providers = try ProviderKind.makeProviders(configuration, kinds: [WasupProvider.providerKind],
                                                       environment: ProviderEnvironment(transport: Fixture.transport, store: configurationStore))
        return providers.first as? WasupProvider
    }

    @Test func buildsFromTheReadmeShape() throws {
        let wasup = try #require(try Self.build(#""apiKey": "file-key", "webhookSecret": "s""#))
        #expect(wasup.name == "wasup-eu")
        #expect(wasup.sendRoute == .instance)
        #expect(wasup.capabilities.supports(.webhookSignature))
        let unsigned = try #require(try Self.build(#""apiKey": "file-key", "sendRoute": "autoSelectByPhone""#))
        #expect(unsigned.sendRoute == .autoSelectByPhone)
        #expect(!unsigned.capabilities.supports(.webhookSignature))
    }

    @Test(arguments: [
        (#""webhookSecret": "s""#, "providers[0].apiKey", "missing: the wasup kind needs it (in the file or SWITCHBOARD_WASUP_EU_API_KEY)"),
        (#""apiKey": 8675309"#, "providers[0].apiKey", "expected a string, found a number"),
        (#""apiKey": "file-key", "accessToken": "file-key""#, "providers[0].accessToken", "unknown key for kind wasup"),
        (#""apiKey": "file-key", "sendRoute": "any""#, "providers[0].sendRoute", "\"any\" is not one of instance, autoSelectByPhone"),
    ])
    func badKeysAreConfigurationErrors(provider: String, key: String, message: String) {
        do {
            _ = try Self.build(provider)
            Issue.record("built from \(provider)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            for secret in ["file-key", "8675309"] { #expect(!error.description.contains(secret), "\(error)") }
        }
    }

    @Test func theEnvironmentOverridesTheApiKeyOnTheWire() async throws {
        let server = StubServer(SpecAnswers.answer)
        try await server.run { base in
            let wasup = try #require(try Self.build(#""apiKey": "file-key""#, baseURL: base,
                                                    environment: ["SWITCHBOARD_WASUP_EU_API_KEY": Fixture.apiKey]))
            _ = try await wasup.instance(Fixture.instanceID)
        }
        #expect(server.requests.map { $0.header("X-API-Key") } == [Fixture.apiKey])
    }
}

/// The store the configuration tests' adapters are built with (an in-memory SQLite store; opening
/// one does not fail short of running out of memory).
private let configurationStore: SQLiteStore = {
    do { return try SQLiteStore.inMemory() } catch { fatalError("in-memory store: \(error)") }
}()
