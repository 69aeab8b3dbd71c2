import Foundation
import Switchboard
import SwitchboardWawp
import Synchronization
import TestSupport
import Testing

/// Building the adapter from configuration, and instances known from the router's store.
@Suite struct WawpConfigurationTests {
    /// README's configuration file, loaded from disk as the CLI loads it.
    static func load(_ json: String, environment: [String: String]) throws(ConfigurationError) -> SwitchboardConfiguration {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wawp-\(UUID()).json").path
        guard FileManager.default.createFile(atPath: path, contents: Data(json.utf8)) else { throw ConfigurationError(key: path, "cannot write the test file") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try SwitchboardConfiguration.load(path: path, environment: environment)
    }

    static func readme(_ provider: String = #""accessToken": "file-token", "instances": ["A", "B"], "webhookSecret": "s""#) -> String {
        #"{"routing": {"strategy": "first-connected"}, "providers": [{"name": "wawp-main", "kind": "wawp", "baseURL": "http://127.0.0.1:9", \#(provider)}]}"#
    }

    static func build(_ json: String, environment: [String: String] = [:]) throws(ConfigurationError) -> WawpProvider? {
        let providers = try ProviderKind.makeProviders(try load(json, environment: environment), kinds: [WawpProvider.providerKind],
                                                       environment: ProviderEnvironment(transport: Fixture.transport, store: configurationStore))
        return providers.first as? WawpProvider
    }

    @Test func providerKindBuildsTheAdapterFromTheFile() throws {
        let wawp = try #require(try Self.build(Self.readme()))
        #expect(wawp.name == "wawp-main")
        #expect(wawp.kind == "wawp")
        #expect(wawp.knownInstances == ["A", "B"])
        #expect(wawp.capabilities.supports(.webhookSignature))
        #expect(wawp.signaturePolicy == .required)
        #expect(WawpProvider.providerKind.keys.filter(\.isSecret).map(\.name) == ["accessToken", "webhookSecret"])
        let lenient = try #require(try Self.build(Self.readme(#""accessToken": "t", "webhookSecret": "s", "signaturePolicy": "verifyWhenPresent""#)))
        #expect(lenient.signaturePolicy == .verifyWhenPresent)
    }

    @Test(arguments: [
        (readme(#""instances": []"#), "providers[0].accessToken", "missing: the wawp kind needs it (in the file or SWITCHBOARD_WAWP_MAIN_ACCESS_TOKEN)"),
        (readme(#""accessToken": 31415926"#), "providers[0].accessToken", "expected a string, found a number"),
        (readme(#""accessToken": "file-token", "webhookSecret": 27182818"#), "providers[0].webhookSecret", "expected a string, found a number"),
        (readme(#""accessToken": "file-token", "apiKey": "file-token""#), "providers[0].apiKey", "unknown key for kind wawp"),
        (readme(#""accesstoken": "file-token""#), "providers[0].accesstoken", "did you mean accessToken?"),
        (readme(#""accessToken": "file-token", "signaturePolicy": "off""#), "providers[0].signaturePolicy", "\"off\" is not one of required, verifyWhenPresent"),
    ])
    func badKeysAreConfigurationErrors(json: String, key: String, message: String) {
        do {
            _ = try Self.build(json)
            Issue.record("built from \(json)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            for secret in ["file-token", "31415926", "27182818"] { #expect(!error.description.contains(secret), "\(error)") }
        }
    }

    @Test func theEnvironmentOverridesTheAccessTokenOnTheWire() async throws {
        let sent = try await StubServer.serving(.json(200, ["status": "WORKING"])) { base, server in
            let json = Self.readme().replacingOccurrences(of: "http://127.0.0.1:9", with: base)
            let wawp = try #require(try Self.build(json, environment: ["SWITCHBOARD_WAWP_MAIN_ACCESS_TOKEN": Fixture.accessToken]))
            _ = try await wawp.instance("A")
            #expect(!"\(wawp)".contains(Fixture.accessToken))
            return server.requests.compactMap { $0.query("access_token") }
        }
        #expect(sent == [Fixture.accessToken])
    }

    @Test func listInstancesAlsoAsksForTheStoredOnes() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveInstance(Instance(provider: "wawp-test", id: "STORED1", status: .connected), at: Date())
        try await store.saveInstance(Instance(provider: "another", id: "FOREIGN", status: .connected), at: Date())
        let asked = try await StubServer.serving(.json(200, ["status": "WORKING"])) { base, server in
            let wawp = WawpProvider(name: "wawp-test", baseURL: base, accessToken: Fixture.accessToken, instances: [Fixture.instanceID],
                                    transport: Fixture.transport, store: store)
            let listed = try await wawp.listInstances()
            #expect(listed.map(\.id) == [Fixture.instanceID, "STORED1"])
            return server.requests.compactMap { $0.query("instance_id") }
        }
        #expect(asked == [Fixture.instanceID, "STORED1"])
    }
}

/// The store the configuration tests' adapters are built with (an in-memory SQLite store; opening
/// one does not fail short of running out of memory).
private let configurationStore: SQLiteStore = {
    do { return try SQLiteStore.inMemory() } catch { fatalError("in-memory store: \(error)") }
}()
