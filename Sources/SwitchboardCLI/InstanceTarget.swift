import ArgumentParser
import Switchboard

/// The instance a command acts on, `INSTANCE [--provider P]`, and how to find the provider that
/// holds it.
struct InstanceTarget: ParsableArguments {
    @Argument(help: "The instance id.") var instance: String
    @Option(help: "The provider that holds it (default: the one that knows it).") var provider: String?

    /// The provider `--provider` names, else the one the routing table or a listing says holds it.
    func holder(in context: CLIContext) async throws -> any MessagingProvider {
        try await context.locate(instance, provider: provider)
    }
}
