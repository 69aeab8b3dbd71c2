import ArgumentParser
import Switchboard

/// `switchboard instances [--provider P]`.
struct Instances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List instances with their status and phone.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this provider.") var provider: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            let providers = try provider.map { [try context.provider($0)] } ?? context.providers
            for provider in providers {
                for instance in try await provider.listInstances() {
                    Output.emit(instance, json: options.json) {
                        "\(instance.provider)\t\(instance.id)\t\(instance.status)\t\(instance.phone?.e164 ?? "-")\t\(instance.name ?? "")"
                    }
                }
            }
        }
    }
}

/// `switchboard create --provider P [--name N] [--webhook URL]`.
struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create an instance.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "The provider to create it on.") var provider: String?
    @Option(help: "A human name.") var name: String?
    @Option(help: "A custom id, where the provider accepts one.") var id: String?
    @Option(help: "Where to deliver its events.") var webhook: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            let instance = try await context.provider(provider).createInstance(InstanceDraft(id: id, name: name, webhookURL: webhook))
            Output.emit(instance, json: options.json) { "created \(instance.provider)/\(instance.id) (\(instance.status))" }
        }
    }
}

/// `switchboard delete INSTANCE`.
struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete an instance.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "The provider that holds it (default: the one that knows it).") var provider: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            let holder = try await context.locate(instance, provider: provider)
            try await holder.deleteInstance(instance)
            Output.emit(["deleted": instance, "provider": holder.name], json: options.json) { "deleted \(holder.name)/\(instance)" }
        }
    }
}

/// `switchboard status INSTANCE`.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show an instance's status and phone.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "The provider that holds it.") var provider: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            let found = try await context.locate(instance, provider: provider).instance(instance)
            Output.emit(found, json: options.json) { "\(found.provider)/\(found.id): \(found.status)\(found.phone.map { " as \($0)" } ?? "")" }
        }
    }
}

/// `switchboard disconnect INSTANCE` and `switchboard logout INSTANCE`.
struct Disconnect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the session, keeping its credentials.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "The provider that holds it.") var provider: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            try await context.locate(instance, provider: provider).disconnect(instance)
            Output.emit(["disconnected": instance], json: options.json) { "disconnected \(instance); `switchboard pair \(instance)` reconnects without scanning" }
        }
    }
}

/// `switchboard logout INSTANCE`.
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the session and forget its credentials.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "The provider that holds it.") var provider: String?

    func run() async throws {
        try await CLIContext.run(options) { context in
            try await context.locate(instance, provider: provider).logout(instance)
            Output.emit(["loggedOut": instance], json: options.json) { "logged out \(instance); pairing is needed again" }
        }
    }
}
