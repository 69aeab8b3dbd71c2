import Foundation
import Switchboard
import SwitchboardPostgres
import SwitchboardWasup
import SwitchboardWawp

/// The adapters this binary knows. A third provider adds its kind here.
let providerKinds: [ProviderKind] = [WawpProvider.providerKind, WasupProvider.providerKind]

/// What commands work with: one ``SwitchboardClient`` built from the configuration, as an app
/// would hold it.
final class CLIContext: Sendable {
    let client: SwitchboardClient

    var configuration: SwitchboardConfiguration { client.configuration }
    var store: any Store { client.store }
    var providers: [any MessagingProvider] { client.providers }
    var router: MessageRouter { client.router }

    init(_ options: GlobalOptions, onEvent: Inbox.Handler? = nil) throws {
        let configuration = try SwitchboardConfiguration.load(path: options.config)
        client = try SwitchboardClient(configuration: configuration, kinds: providerKinds,
                                       storeKinds: [PostgresStore.storeKind, PostgresStore.postgresqlStoreKind], onEvent: onEvent)
    }

    /// Throws a ``ConfigurationError`` naming `store` (exit code 3) when the configured store cannot
    /// be used: an unreachable database or a wrong password fails the command at start, in one line.
    func checkStore() async throws {
        do {
            try await client.store.ready()
        } catch {
            await close()
            throw ConfigurationError(key: "store", error.message)
        }
    }

    /// Shuts the client down; call once the command is done.
    func close() async { await client.shutdown() }

    /// Builds the context, runs `body` and closes the context, reporting errors the documented way.
    static func run<T>(_ options: GlobalOptions, _ body: (CLIContext) async throws -> T) async throws -> T {
        try await reportingErrors {
            let context = try CLIContext(options)
            try await context.checkStore()
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
