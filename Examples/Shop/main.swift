import Hummingbird
import Switchboard
import SwitchboardHummingbird
import SwitchboardWasup
import SwitchboardWawp

let client = try SwitchboardClient(configuration: .load(), kinds: [WawpProvider.providerKind, WasupProvider.providerKind]) { event, client in
    guard case .message(let message) = event.body, !message.fromMe else { return }   // at least once, in order per chat
    try await client.reply(to: event, .text("Thanks! We got: \(message.text ?? "your message")"))
}
let shop = try Phone("+44 7700 900123")                                              // the sending number, on any provider
try await client.send(.text("Your order has shipped", to: .person(try Phone("+44 7700 900999"))), from: shop)
let app = Application(router: Router().addSwitchboardWebhooks(client),              // POST /webhooks/{provider name}
                      configuration: .init(address: .hostname("0.0.0.0", port: Environment().get("PORT", as: Int.self) ?? 8080)),
                      services: [client])                                            // on SIGTERM the server stops, then the client
try await app.runService()
