import Foundation
import Switchboard
import SwitchboardWawp
import Synchronization
import Testing

/// Building the adapter from configuration, and instances known from the router's store.
@Suite struct WawpConfigurationTests {
    @Test func providerKindBuildsTheAdapterAndNeedsTheToken() throws {
        let configured = ProviderConfiguration(name: "wawp-main", kind: "wawp", baseURL: "http://127.0.0.1:9",
                                               accessToken: Fixture.accessToken, instances: ["A", "B"], webhookSecret: "s")
        let provider = try WawpProvider.providerKind.make(configured, 0, ProviderEnvironment(transport: Fixture.transport, store: try SQLiteStore.inMemory()))
        let wawp = try #require(provider as? WawpProvider)
        #expect(wawp.name == "wawp-main")
        #expect(wawp.kind == "wawp")
        #expect(wawp.knownInstances == ["A", "B"])
        #expect(wawp.capabilities.supports(.webhookSignature))

        var missing = configured
        missing.accessToken = nil
        #expect(throws: ConfigurationError.self) { try WawpProvider.providerKind.make(missing, 3, ProviderEnvironment(transport: Fixture.transport, store: try SQLiteStore.inMemory())) }
        let environment = ProviderEnvironment(transport: Fixture.transport, store: try SQLiteStore.inMemory())
        do throws(ConfigurationError) { _ = try WawpProvider.providerKind.make(missing, 3, environment) } catch { #expect(error.key == "providers[3].accessToken") }
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
