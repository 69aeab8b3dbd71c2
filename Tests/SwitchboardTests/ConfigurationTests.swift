import Foundation
import Testing
@testable import Switchboard

/// Configuration through the real loading path: a file on disk, `SwitchboardConfiguration.load`
/// with an environment, then the kind's checks. The kind here is a test kind declared in this
/// file: the core knows no provider's keys.
@Suite struct ConfigurationTests {
    /// A provider kind as an adapter would declare it.
    enum Acme {
        static let token = ConfigurationKey("token", .string, required: true, secret: true, "The account's token.")
        static let webhookSecret = ConfigurationKey("webhookSecret", .string, secret: true, "Signs webhooks.")
        static let mode = ConfigurationKey("mode", .string, allowedValues: ["fast", "careful"], "How it sends.")
        static let verbose = ConfigurationKey("verbose", .bool, "Logs more.")
        static let retries = ConfigurationKey("retries", .number, "How often it retries.")
        static let regions = ConfigurationKey("regions", .strings, "Where it runs.")
        static let kind = ProviderKind(name: "acme", keys: [token, webhookSecret, mode, verbose, retries, regions]) { settings, _ throws(ConfigurationError) in
            throw settings.error(token, "these tests check settings and never build an adapter")
        }
    }

    /// Secret values the tests put in files and the environment; none may ever show up in an error or a description.
    static let secrets = ["TOKEN-FILE-1", "TOKEN-ENV-2", "HOOK-S3CRET", "424242"]

    let sample = """
    {
      "store": "switchboard.sqlite",
      "routing": { "strategy": "round-robin" },
      "providers": [
        { "name": "acme-main", "kind": "acme", "baseURL": "https://api.acme.test",
          "token": "TOKEN-FILE-1", "instances": ["3EB0BCB2E3D4"], "webhookSecret": "HOOK-S3CRET",
          "mode": "careful", "verbose": true, "retries": 3, "regions": ["eu", "us"] },
        { "name": "acme-eu", "kind": "acme", "baseURL": "https://eu.acme.test", "token": "TOKEN-FILE-1", "unusedNull": null }
      ]
    }
    """

    /// Writes `json` to a temporary file and loads it with `environment`, as the CLI does.
    static func load(_ json: String, environment: [String: String] = [:]) throws(ConfigurationError) -> SwitchboardConfiguration {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID()).json").path
        guard FileManager.default.createFile(atPath: path, contents: Data(json.utf8)) else { throw ConfigurationError(key: path, "cannot write the test file") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try SwitchboardConfiguration.load(path: path, environment: environment)
    }

    /// Loads, then has the kind check every provider, as `ProviderKind.make` does before building.
    static func settings(_ json: String, environment: [String: String] = [:]) throws(ConfigurationError) -> [ProviderSettings] {
        let configuration = try load(json, environment: environment)
        var settings: [ProviderSettings] = []
        for (index, provider) in configuration.providers.enumerated() {
            settings.append(try Acme.kind.settings(for: provider, at: index))
        }
        return settings
    }

    @Test func readsTheDocumentedShape() throws {
        let configuration = try Self.load(sample)
        #expect(configuration.routing.strategy == .roundRobin)
        #expect(configuration.providers.map(\.name) == ["acme-main", "acme-eu"])
        #expect(configuration.providers[0].instances == ["3EB0BCB2E3D4"])
        #expect(configuration.providers[0]["retries"] == .number(3))
        #expect(configuration.providers[1].values.keys.sorted() == ["token"], "null counts as absent")

        let settings = try Self.settings(sample)
        #expect(settings[0].string(Acme.token) == "TOKEN-FILE-1")
        #expect(settings[0].string(Acme.mode) == "careful")
        #expect(settings[0].bool(Acme.verbose) == true)
        #expect(settings[0].number(Acme.retries) == 3)
        #expect(settings[0].strings(Acme.regions) == ["eu", "us"])
        #expect(settings[0].instances == ["3EB0BCB2E3D4"])
        #expect(settings[1].string(Acme.webhookSecret) == nil)
        #expect(settings[1].index == 1)
    }

    @Test func encodesTheShapeItReads() throws {
        let configuration = try Self.load(sample)
        let again = try SwitchboardConfiguration.parse(try JSONEncoder().encode(configuration))
        #expect(again == configuration)
    }

    @Test func defaultsStoreAndRouting() throws {
        let configuration = try SwitchboardConfiguration.parse(Data(#"{"providers": []}"#.utf8))
        #expect(configuration.store == "switchboard.sqlite")
        #expect(configuration.routing.strategy == .firstConnected)
    }

    @Test func environmentOverridesDeclaredKeysIncludingSecrets() throws {
        let environment = [
            "SWITCHBOARD_ACME_MAIN_TOKEN": "TOKEN-ENV-2",
            "SWITCHBOARD_ACME_MAIN_INSTANCES": "A, B",
            "SWITCHBOARD_ACME_MAIN_VERBOSE": "false",
            "SWITCHBOARD_ACME_MAIN_RETRIES": "7",
            "SWITCHBOARD_ACME_MAIN_REGIONS": "ap,eu",
            "SWITCHBOARD_ACME_MAIN_UNDECLARED_THING": "ignored",
            "SWITCHBOARD_ACME_EU_BASE_URL": "http://127.0.0.1:9102",
            "SWITCHBOARD_ACME_EU_WEBHOOK_SECRET": "HOOK-S3CRET",
            "SWITCHBOARD_STORE": "/tmp/x.sqlite",
            "SWITCHBOARD_ROUTING_STRATEGY": "least-recently-used",
        ]
        let configuration = try Self.load(sample, environment: environment)
        #expect(configuration.store == "/tmp/x.sqlite")
        #expect(configuration.routing.strategy == .leastRecentlyUsed)
        #expect(configuration.providers[0]["token"] == .string("TOKEN-FILE-1"), "the file as written; the kind resolves overrides")

        let settings = try Self.settings(sample, environment: environment)
        #expect(settings[0].string(Acme.token) == "TOKEN-ENV-2")
        #expect(settings[0].instances == ["A", "B"])
        #expect(settings[0].bool(Acme.verbose) == false)
        #expect(settings[0].number(Acme.retries) == 7)
        #expect(settings[0].strings(Acme.regions) == ["ap", "eu"])
        #expect(settings[1].baseURL == "http://127.0.0.1:9102")
        #expect(settings[1].string(Acme.webhookSecret) == "HOOK-S3CRET")
        #expect(SwitchboardConfiguration.environmentName(provider: "acme-eu", key: "baseURL") == "SWITCHBOARD_ACME_EU_BASE_URL")
        #expect(SwitchboardConfiguration.environmentName(provider: "acme-eu", key: "webhookSecret") == "SWITCHBOARD_ACME_EU_WEBHOOK_SECRET")
    }

    @Test func aRequiredSecretCanComeFromTheEnvironmentAlone() throws {
        let json = #"{"providers": [{"name": "a", "kind": "acme", "baseURL": "http://x"}]}"#
        let settings = try Self.settings(json, environment: ["SWITCHBOARD_A_TOKEN": "TOKEN-ENV-2"])
        #expect(settings[0].string(Acme.token) == "TOKEN-ENV-2")
    }

    static let provider = #""name": "a", "kind": "acme", "baseURL": "http://x""#

    @Test(arguments: [
        // The core's keys.
        (#"{"providers": [{"name": "a", "kind": "acme"}]}"#, [:], "providers[0].baseURL", "missing"),
        (#"{"providers": [{"name": "a", "kind": "acme", "baseURL": 7}]}"#, [:], "providers[0].baseURL", "expected a string"),
        (#"{"providers": [{"name": "a", "kind": "acme", "baseURL": "ftp://x"}]}"#, [:], "providers[0].baseURL", "not an http(s) URL"),
        (#"{"providers": [{"name": "a b", "kind": "acme", "baseURL": "http://x"}]}"#, [:], "providers[0].name", "letters"),
        (#"{"providers": [{\#(provider), "token": "t"}, {\#(provider), "token": "t"}]}"#, [:], "providers[1].name", "twice"),
        (#"{"providers": [ {"name": "#, [:], "the file", "not valid JSON"),
        (#"{"providers": {"name": "a"}}"#, [:], "providers", "expected an array"),
        // routing.strategy decodes to its enum: a typo is an error, never a silent default.
        (#"{"routing": {"strategy": "round-robbin"}, "providers": []}"#, [:], "routing.strategy", "unknown strategy \"round-robbin\""),
        (#"{"routing": {"strategy": 1}, "providers": []}"#, [:], "routing.strategy", "expected a string"),
        (#"{"providers": []}"#, ["SWITCHBOARD_ROUTING_STRATEGY": "fastest"], "SWITCHBOARD_ROUTING_STRATEGY", "unknown strategy"),
        // The kind's keys.
        (#"{"providers": [{\#(provider)}]}"#, [:], "providers[0].token", "missing: the acme kind needs it (in the file or SWITCHBOARD_A_TOKEN)"),
        (#"{"providers": [{\#(provider), "token": ""}]}"#, [:], "providers[0].token", "missing"),
        (#"{"providers": [{\#(provider), "token": 424242}]}"#, [:], "providers[0].token", "expected a string, found a number"),
        (#"{"providers": [{\#(provider), "token": ["TOKEN-FILE-1"]}]}"#, [:], "providers[0].token", "expected a string, found an array of strings"),
        (#"{"providers": [{\#(provider), "token": {"v": "TOKEN-FILE-1"}}]}"#, [:], "providers[0].token", "expected a string, an array of strings, a boolean or a number"),
        (#"{"providers": [{\#(provider), "token": "t", "webhookSecret": true}]}"#, [:], "providers[0].webhookSecret", "expected a string, found a boolean"),
        (#"{"providers": [{\#(provider), "token": "t", "Token": "TOKEN-FILE-1"}]}"#, [:], "providers[0].Token", "unknown key for kind acme (did you mean token?)"),
        (#"{"providers": [{\#(provider), "token": "t", "apiKey": "TOKEN-FILE-1"}]}"#, [:], "providers[0].apiKey", "unknown key"),
        (#"{"providers": [{\#(provider), "token": "t", "mode": "reckless"}]}"#, [:], "providers[0].mode", "\"reckless\" is not one of fast, careful"),
        (#"{"providers": [{\#(provider), "token": "t", "retries": "3"}]}"#, [:], "providers[0].retries", "expected a number, found a string"),
        (#"{"providers": [{\#(provider), "token": "t"}]}"#, ["SWITCHBOARD_A_VERBOSE": "maybe"], "SWITCHBOARD_A_VERBOSE", "expected a boolean (it overrides providers[0].verbose)"),
        (#"{"providers": [{\#(provider), "token": "t"}]}"#, ["SWITCHBOARD_A_TOKEN": ""], "providers[0].token", "missing"),
    ] as [(String, [String: String], String, String)])
    func badInputNamesTheKey(json: String, environment: [String: String], key: String, message: String) {
        do {
            _ = try Self.settings(json, environment: environment)
            Issue.record("accepted \(json)")
        } catch {
            #expect(key == "the file" ? error.key.hasSuffix(".json") : error.key == key, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            for secret in Self.secrets { #expect(!error.description.contains(secret), "\(error)") }
        }
    }

    @Test func anUnknownKindNamesItsKey() async throws {
        var configuration = try Self.load(#"{"providers": [{"name": "b", "kind": "acne", "baseURL": "http://y"}, {\#(Self.provider), "token": "t"}]}"#)
        let store = try SQLiteStore.inMemory()
        let built = await CurlTransport.withTransport { transport in
            Result { () throws(ConfigurationError) in
                try ProviderKind.makeProviders(configuration, kinds: [Acme.kind], environment: ProviderEnvironment(transport: transport, store: store)).count
            }
        }
        guard case .failure(let error) = built else { Issue.record("built an unknown kind"); return }
        #expect(error.key == "providers[0].kind")
        #expect(error.message == "unknown kind \"acne\" (known: acme)")
        configuration.providers[0].kind = "acme"
        #expect(throws: ConfigurationError(key: "providers[0].kind", "\"acme\" given to the wawp kind")) {
            try ProviderKind(name: "wawp", keys: [], build: Acme.kind.build).settings(for: configuration.providers[0], at: 0)
        }
    }

    @Test func descriptionsAndDumpsNeverShowSecrets() throws {
        let environment = ["SWITCHBOARD_ACME_EU_TOKEN": "TOKEN-ENV-2"]
        let configuration = try Self.load(sample, environment: environment)
        let settings = try Self.settings(sample, environment: environment)
        var texts = configuration.providers.map(\.description) + settings.map(\.description)
        for value in configuration.providers as [Any] + settings as [Any] {
            var dumped = ""
            dump(value, to: &dumped)
            texts.append(dumped)
        }
        for text in texts {
            for secret in Self.secrets { #expect(!text.contains(secret), "\(text)") }
        }
        #expect(settings[0].description.contains("token \(Redaction.mask)"))
        #expect(settings[0].description.contains("mode \"careful\""), "non-secret values are shown: \(settings[0].description)")
        #expect(configuration.providers[0].description.contains("set: mode, regions, retries, token, verbose, webhookSecret"))
    }

    @Test func declaredKeysDescribeThemselves() {
        #expect(Acme.token.description == "token (string, required, secret): The account's token.")
        #expect(Acme.mode.description == "mode (string, one of fast, careful): How it sends.")
        #expect(Acme.kind.key("retries")?.type == .number)
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
