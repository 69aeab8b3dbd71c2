import ArgumentParser
import Switchboard

/// `switchboard demo`: shows what works today.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show Switchboard working against local emulators.")

    func run() async throws {
        print("Switchboard demo")
        print("The emulators, adapters and router are not built yet; this shows the neutral model only.")
        for text in ["+44 7700 900123", "0044 7700 900123", "447700900123@c.us", "447700900123:3@s.whatsapp.net", "07700 900123"] {
            do {
                let phone = try Phone(text)
                print("  Phone(\"\(text)\") = \(phone)")
            } catch {
                print("  Phone(\"\(text)\") rejected: \(error.message)")
            }
        }
    }
}
