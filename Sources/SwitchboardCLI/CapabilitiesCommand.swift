import ArgumentParser
import Switchboard

/// `switchboard capabilities`: the feature matrix of every adapter, as a Markdown table.
struct CapabilitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "capabilities", abstract: "Print every adapter's features as a Markdown table.")
    @Flag(help: "Print JSON instead.") var json = false
    @Option(help: "Only this adapter kind's column (the table in its DocC catalog).") var kind: String?

    func run() async throws {
        let matrix = await adapterCapabilities().filter { kind == nil || $0.0 == kind }
        if let kind, matrix.isEmpty { throw UsageError("no adapter kind \"\(kind)\" (known: \(providerKinds.map(\.name).joined(separator: ", ")))") }
        if json {
            for (kind, capabilities) in matrix {
                print(Output.line(["kind": kind, "features": capabilities.features.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value.rawValue)" }.joined(separator: ",")]))
            }
            return
        }
        print(CapabilityTable.markdown(matrix))
    }
}

/// Renders capabilities as Markdown: one row per feature, one column per adapter.
enum CapabilityTable {
    static func markdown(_ matrix: [(String, Capabilities)]) -> String {
        var lines = ["| feature | " + matrix.map(\.0).joined(separator: " | ") + " |",
                     "|---|" + matrix.map { _ in "---|" }.joined()]
        for feature in Feature.allCases {
            let cells = matrix.map { _, capabilities -> String in
                switch capabilities.support(for: feature) {
                case .provider?: "yes"
                case .library?: "yes (by Switchboard)"
                case .degraded?: "degraded, when allowed"
                case nil: "no"
                }
            }
            lines.append("| `\(feature.rawValue)` | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}

/// Each registered adapter's declared capabilities. Capabilities are configuration-independent, so
/// each adapter is built with placeholder settings; nothing is sent.
func adapterCapabilities() async -> [(String, Capabilities)] {
    let transport = CurlTransport()
    let matrix: [(String, Capabilities)] = providerKinds.compactMap { kind in
        let placeholder = kind.configuration(name: kind.name, baseURL: "http://127.0.0.1:9", credential: "placeholder", webhookSecret: "placeholder")
        return (try? kind.make(placeholder, 0, ProviderEnvironment(transport: transport, store: try SQLiteStore.inMemory()))).map { (kind.name, $0.capabilities) }
    }
    await transport.shutdown()
    return matrix
}
