import Foundation
import Switchboard
import SwitchboardWasup
import SwitchboardWawp

/// The adapters this binary knows. A third provider adds its kind here.
let providerKinds: [ProviderKind] = [WawpProvider.providerKind, WasupProvider.providerKind]

/// What commands work with: the configuration, one transport, the store, the providers built
/// from the configuration and the router over them.
final class CLIContext: Sendable {
    let configuration: SwitchboardConfiguration
    let transport: CurlTransport
    let store: SQLiteStore
    let providers: [any MessagingProvider]
    let router: MessageRouter

    init(_ options: GlobalOptions) async throws {
        configuration = try SwitchboardConfiguration.load(path: options.config)
        transport = CurlTransport()
        do {
            store = try SQLiteStore(path: configuration.store)
            providers = try ProviderKind.makeProviders(configuration, kinds: providerKinds,
                                                       environment: ProviderEnvironment(transport: transport, handoffStore: store, instanceStore: store))
            router = try MessageRouter(providers: providers, strategy: configuration.routing.strategy,
                                       store: store)
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    /// Stops the transport; call once the command is done.
    func close() async { await transport.shutdown() }

    /// Builds the context, runs `body` and closes the context, reporting errors the documented way.
    static func run<T>(_ options: GlobalOptions, _ body: (CLIContext) async throws -> T) async throws -> T {
        try await reportingErrors {
            let context = try await CLIContext(options)
            do {
                let result = try await body(context)
                await context.close()
                return result
            } catch {
                await context.close()
                throw error
            }
        }
    }

    /// The provider of that configured name; `nil` name means the only one.
    func provider(_ name: String?) throws -> any MessagingProvider {
        if let name {
            guard let provider = providers.first(where: { $0.name == name }) else {
                throw UsageError("no provider named \"\(name)\" (configured: \(providers.map(\.name).joined(separator: ", ")))")
            }
            return provider
        }
        guard providers.count == 1, let only = providers.first else {
            throw UsageError("several providers are configured; say which with --provider (\(providers.map(\.name).joined(separator: ", ")))")
        }
        return only
    }

    /// The provider that holds `instance`: the named one, the one the routing table knows, or the
    /// first that answers for it.
    func locate(_ instance: String, provider name: String?) async throws -> any MessagingProvider {
        if let name { return try provider(name) }
        if let route = router.routes().first(where: { $0.instance == instance }),
           let provider = providers.first(where: { $0.name == route.provider }) {
            return provider
        }
        for provider in providers {
            if (try? await provider.instance(instance)) != nil { return provider }
        }
        throw SwitchboardError.notFound("no configured provider knows instance \(instance)")
    }
}
