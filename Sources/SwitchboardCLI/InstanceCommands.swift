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
struct Delete: InstanceAction {
    static let configuration = CommandConfiguration(abstract: "Delete an instance.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var target: InstanceTarget

    func act(on instance: String, through holder: any MessagingProvider) async throws -> ActionReport {
        try await holder.deleteInstance(instance)
        return ActionReport(json: ["deleted": instance, "provider": holder.name], line: "deleted \(holder.name)/\(instance)")
    }
}

/// `switchboard status INSTANCE`.
struct Status: InstanceAction {
    static let configuration = CommandConfiguration(abstract: "Show an instance's status and phone.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var target: InstanceTarget

    func act(on instance: String, through holder: any MessagingProvider) async throws -> ActionReport {
        let found = try await holder.instance(instance)
        return ActionReport(json: found, line: "\(found.provider)/\(found.id): \(found.status)\(found.phone.map { " as \($0)" } ?? "")")
    }
}

/// `switchboard disconnect INSTANCE`.
struct Disconnect: InstanceAction {
    static let configuration = CommandConfiguration(abstract: "Stop the session, keeping its credentials.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var target: InstanceTarget

    func act(on instance: String, through holder: any MessagingProvider) async throws -> ActionReport {
        try await holder.disconnect(instance)
        return ActionReport(json: ["disconnected": instance],
                            line: "disconnected \(instance); `switchboard pair \(instance)` reconnects without scanning")
    }
}

/// `switchboard logout INSTANCE`.
struct Logout: InstanceAction {
    static let configuration = CommandConfiguration(abstract: "Stop the session and forget its credentials.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var target: InstanceTarget

    func act(on instance: String, through holder: any MessagingProvider) async throws -> ActionReport {
        try await holder.logout(instance)
        return ActionReport(json: ["loggedOut": instance], line: "logged out \(instance); pairing is needed again")
    }
}
