import ArgumentParser
import Foundation
import Switchboard

/// `switchboard pair INSTANCE [--phone PHONE]`.
struct Pair: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Link a phone: show the QR code, or a pairing code with --phone, until connected.")
    @OptionGroup var options: GlobalOptions
    @OptionGroup var target: InstanceTarget
    @Option(help: "Pair by code for this phone instead of by QR.") var phone: String?
    @Option(help: "Where to save the QR image, when the provider gives one.") var png = "pairing-qr.png"
    @Option(help: "Seconds to wait for the phone.") var timeout = 120

    func run() async throws {
        try await CLIContext.run(options) { context in
            let method: PairingMethod = try phone.map { .code(phone: try Phone($0)) } ?? .qr
            let instance = target.instance
            let holder = try await target.holder(in: context)
            var state = try await holder.connect(instance, method: method)
            var shown: PairingState?
            let deadline = ContinuousClock.now + .seconds(timeout)
            while ContinuousClock.now < deadline {
                if case .connected(let phone) = state {
                    if !options.json { print("") }
                    Output.emit(["instance": instance, "status": "connected", "phone": phone?.e164 ?? ""], json: options.json) {
                        "connected \(instance)\(phone.map { " as \($0)" } ?? "")"
                    }
                    return
                }
                if state != shown { show(state); shown = state }
                if !options.json { FileHandle.standardOutput.write(Data("\rwaiting: \(state.status)   ".utf8)) }
                try await Task.sleep(for: .seconds(1))
                state = try await holder.pairingState(instance)
            }
            throw SwitchboardError.instanceNotReady("\(instance) was not paired within \(timeout) s; run pair again")
        }
    }

    private func show(_ state: PairingState) {
        switch state {
        case .qr(let code):
            if let png = code.png, !FileManager.default.createFile(atPath: self.png, contents: png) {
                printError("warning: could not save the QR image to \(self.png)")
            }
            if options.json {
                print(Output.line(["instance": target.instance, "qr": code.value ?? "", "png": code.png == nil ? "" : png]))
                return
            }
            print("Scan with WhatsApp > Linked devices > Link a device:")
            if let value = code.value, let drawing = TerminalQR.render(value) { print(drawing) }
            if code.png != nil { print("(also saved as \(png))") }
        case .code(let code):
            if options.json { print(Output.line(["instance": target.instance, "code": code])); return }
            print("On the phone: WhatsApp > Linked devices > Link with phone number, then type:")
            print(BigText.render(code))
        default:
            break
        }
    }
}

/// Large block letters for a pairing code.
enum BigText {
    private static let glyphs: [Character: [String]] = [
        "0": ["███", "█ █", "█ █", "█ █", "███"], "1": [" █ ", "██ ", " █ ", " █ ", "███"],
        "2": ["███", "  █", "███", "█  ", "███"], "3": ["███", "  █", "███", "  █", "███"],
        "4": ["█ █", "█ █", "███", "  █", "  █"], "5": ["███", "█  ", "███", "  █", "███"],
        "6": ["███", "█  ", "███", "█ █", "███"], "7": ["███", "  █", "  █", "  █", "  █"],
        "8": ["███", "█ █", "███", "█ █", "███"], "9": ["███", "█ █", "███", "  █", "███"],
        "-": ["   ", "   ", "███", "   ", "   "],
    ]

    static func render(_ text: String) -> String {
        (0..<5).map { row in
            text.map { character in glyphs[character]?[row] ?? String(repeating: String(character), count: 3) }.joined(separator: " ")
        }.joined(separator: "\n") + "\n\n    " + text
    }
}
