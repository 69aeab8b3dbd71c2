import Foundation
import Switchboard
import SwitchboardWasup
import Testing

/// What the adapter answers Wasup's webhook POST with. The spec (`WebhookPayload`): "return
/// `{ reply: "text" }` to auto-respond, or `{ skip: true }` to suppress the bot reply".
@Suite struct WasupWebhookAnswerTests {
    @Test func answersAreJSONWithTheReplyOrSkip() throws {
        let provider = Fixture.provider("http://127.0.0.1:9")
        let cases: [(WebhookReply?, [String: Any])] = [
            (.reply("Thanks / \"quoted\" é 😀"), ["reply": "Thanks / \"quoted\" é 😀"]),
            (.skip, ["skip": true]),
            (nil, [:]),
        ]
        for (reply, expected) in cases {
            let answer = provider.webhookAnswer(reply)
            #expect(answer.contentType == "application/json")
            let object = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any], "\(String(describing: reply))")
            #expect(NSDictionary(dictionary: object).isEqual(to: expected), "\(String(describing: reply))")
        }
    }
}
