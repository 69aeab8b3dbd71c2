import ArgumentParser
import Switchboard

/// `switchboard send --to PHONE [--from PHONE | --instance ID] (--text T | --image URL ...)`.
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send a message.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "The recipient: a phone number or a chat id.") var to: String
    @Option(help: "Send from the instance holding this phone (routed across providers).") var from: String?
    @Option(help: "Send from this instance.") var instance: String?
    @Option(help: "The provider that holds --instance.") var provider: String?
    @Option(help: "Text (or the caption with media).") var text: String?
    @Option(help: "An image URL.") var image: String?
    @Option(help: "A video URL.") var video: String?
    @Option(help: "An audio file URL.") var audio: String?
    @Option(help: "A voice note URL.") var voice: String?
    @Option(help: "A document URL.") var document: String?
    @Option(help: "A location as LAT,LON.") var location: String?
    @Option(help: "Quote this message id.") var replyTo: String?
    @Flag(help: "Allow a close substitute where the provider cannot send this exactly.") var allowDegraded = false
    @Flag(help: "Send as a human operator (goes through during handoff).") var human = false

    func validate() throws {
        let kinds = [image, video, audio, voice, document, location].compactMap { $0 }
        guard kinds.count <= 1 else { throw ValidationError("give one of --image, --video, --audio, --voice, --document, --location") }
        guard text != nil || !kinds.isEmpty else { throw ValidationError("nothing to send: give --text or a media option") }
        guard (from == nil) != (instance == nil) else { throw ValidationError("give exactly one of --from PHONE and --instance ID") }
    }

    func run() async throws {
        try await CLIContext.run(options) { context in
            let message = OutboundMessage(to: try ChatID(to), content: try content(), replyTo: replyTo.map { MessageID($0) },
                                          allowsDegradation: allowDegraded)
            let sent: SentMessage
            // The table is refreshed from every provider first, then the client's router picks a
            // connected instance (holding --from), failing over only where nothing was sent.
            try await context.client.refreshRoutes()
            if let instance {
                let located = try await context.locate(instance, provider: provider)
                // --human: an operator's message, which handoff does not hold back.
                sent = human ? try await located.send(message, from: instance)
                    : try await context.client.send(message, via: located.name, instance: instance)
            } else {
                let phone = try from.map { try Phone($0) }
                sent = human ? try await context.router.send(message, from: phone, origin: .human)
                    : try await context.client.send(message, from: phone)
            }
            let result = SendResult(provider: sent.provider, instance: sent.instance, messageId: sent.id?.rawValue, status: "sent", degradation: sent.degradation)
            Output.emit(result, json: options.json) {
                "sent from \(sent.provider)/\(sent.instance)\(sent.id.map { " as \($0)" } ?? "")\(sent.degradation.map { " (degraded: \($0))" } ?? "")"
            }
        }
    }

    private func content() throws -> OutboundContent {
        func media(_ url: String) -> Media { Media(url: url, caption: text) }
        if let image { return .image(media(image)) }
        if let video { return .video(media(video)) }
        if let audio { return .audio(media(audio)) }
        if let voice { return .voiceNote(media(voice)) }
        if let document { return .document(Media(url: document, caption: text, fileName: document.split(separator: "/").last.map(String.init))) }
        if let location {
            let parts = location.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, abs(parts[0]) <= 90, abs(parts[1]) <= 180 else { throw UsageError("--location wants LAT,LON, e.g. 51.5007,-0.1246") }
            return .location(Location(latitude: parts[0], longitude: parts[1], name: text))
        }
        return .text(text ?? "")
    }
}

/// What `send --json` prints.
struct SendResult: Encodable {
    let provider: String
    let instance: String
    let messageId: String?
    let status: String
    let degradation: String?
}

/// `switchboard react INSTANCE --chat C --message ID --emoji E`.
struct React: InstanceAction {
    static let configuration = CommandConfiguration(abstract: "React to a message; an empty --emoji removes the reaction.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var target: InstanceTarget
    @Option(help: "The chat (phone or chat id).") var chat: String
    @Option(help: "The message id.") var message: String
    @Option(help: "The emoji; empty removes.") var emoji = ""

    func act(on instance: String, through holder: any MessagingProvider) async throws -> ActionReport {
        try await holder.react(instance, to: MessageID(message), in: try ChatID(chat), emoji: emoji)
        return ActionReport(json: ["reacted": message, "emoji": emoji],
                            line: emoji.isEmpty ? "removed the reaction on \(message)" : "reacted \(emoji) to \(message)")
    }
}
