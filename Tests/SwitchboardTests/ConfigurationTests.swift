import Foundation
import Testing
@testable import Switchboard

@Suite struct ConfigurationTests {
    let sample = """
    {
      "store": "switchboard.sqlite",
      "routing": { "strategy": "round-robin" },
      "providers": [
        { "name": "wawp-main", "kind": "wawp", "baseURL": "https://api.wawp.net",
          "accessToken": "TOKEN-1", "instances": ["3EB0BCB2E3D4"], "webhookSecret": "S1" },
        { "name": "wasup-eu", "kind": "wasup", "baseURL": "https://example.wasup.co", "apiKey": "KEY-1" }
      ]
    }
    """

    @Test func readsTheDocumentedShape() throws {
        let configuration = try SwitchboardConfiguration.parse(Data(sample.utf8))
        try configuration.validate()
        #expect(configuration.routing.strategy == "round-robin")
        #expect(configuration.providers.map(\.name) == ["wawp-main", "wasup-eu"])
        #expect(configuration.providers[0].instances == ["3EB0BCB2E3D4"])
        #expect(configuration.providers[1].apiKey == "KEY-1")
    }

    @Test func defaultsStoreAndRouting() throws {
        let configuration = try SwitchboardConfiguration.parse(Data(#"{"providers": []}"#.utf8))
        #expect(configuration.store == "switchboard.sqlite")
        #expect(configuration.routing.strategy == "first-connected")
    }

    @Test func environmentOverridesSecretsAndLists() throws {
        var configuration = try SwitchboardConfiguration.parse(Data(sample.utf8))
        configuration.apply(environment: [
            "SWITCHBOARD_WAWP_MAIN_ACCESS_TOKEN": "TOKEN-ENV",
            "SWITCHBOARD_WAWP_MAIN_INSTANCES": "A, B",
            "SWITCHBOARD_WASUP_EU_API_KEY": "KEY-ENV",
            "SWITCHBOARD_WASUP_EU_BASE_URL": "http://127.0.0.1:9102",
            "SWITCHBOARD_STORE": "/tmp/x.sqlite",
        ])
        #expect(configuration.providers[0].accessToken == "TOKEN-ENV")
        #expect(configuration.providers[0].instances == ["A", "B"])
        #expect(configuration.providers[1].apiKey == "KEY-ENV")
        #expect(configuration.providers[1].baseURL == "http://127.0.0.1:9102")
        #expect(configuration.store == "/tmp/x.sqlite")
        #expect(SwitchboardConfiguration.environmentName(provider: "wasup-eu", key: "baseURL") == "SWITCHBOARD_WASUP_EU_BASE_URL")
    }

    @Test(arguments: [
        (#"{"providers": [{"name": "a", "kind": "wasup"}]}"#, "providers[0].baseURL", "missing"),
        (#"{"providers": [{"name": "a", "kind": "wasup", "baseURL": 7}]}"#, "providers[0].baseURL", "expected a string"),
        (#"{"providers": [{"name": "a", "kind": "wasup", "baseURL": "ftp://x"}]}"#, "providers[0].baseURL", "not an http(s) URL"),
        (#"{"providers": [{"name": "a b", "kind": "wasup", "baseURL": "http://x"}]}"#, "providers[0].name", "letters"),
        (#"{"providers": [{"name": "a", "kind": "wasup", "baseURL": "http://x"}, {"name": "a", "kind": "wawp", "baseURL": "http://y"}]}"#, "providers[1].name", "twice"),
        (#"{"routing": {"strategy": "random"}, "providers": []}"#, "routing.strategy", "unknown strategy"),
        (#"{"providers": [ {"name": "#, "garbage", "not valid JSON"),
        (#"{"providers": {"name": "a"}}"#, "providers", "expected an array"),
    ])
    func garbageNamesTheKey(json: String, key: String, message: String) {
        do {
            var configuration = try SwitchboardConfiguration.parse(Data(json.utf8), file: "garbage")
            configuration.apply(environment: [:])
            try configuration.validate()
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func descriptionsNeverShowSecrets() throws {
        let configuration = try SwitchboardConfiguration.parse(Data(sample.utf8))
        let text = configuration.providers.map(\.description).joined()
        for secret in ["TOKEN-1", "KEY-1", "S1"] { #expect(!text.contains(secret)) }
        #expect(text.contains("wawp-main"))
        let missing = ProviderConfiguration(name: "w", kind: "wawp", baseURL: "http://x")
        #expect(throws: ConfigurationError.self) { try missing.require(missing.accessToken, "accessToken", at: 0) }
    }

    @Test func loadsFromTheEnvironmentPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID()).json").path
        try Data(sample.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try SwitchboardConfiguration.load(environment: ["SWITCHBOARD_CONFIG": path])
        #expect(configuration.providers.count == 2)
        #expect(throws: ConfigurationError.self) { try SwitchboardConfiguration.load(path: "/nonexistent/sb.json", environment: [:]) }
    }
}
