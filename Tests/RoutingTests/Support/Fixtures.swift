import Foundation
import Switchboard

/// Phones and messages the tests share.
enum Fixture {
    static let shop = Phone(e164Digits: "447700900111")
    static let support = Phone(e164Digits: "447700900222")
    static let sales = Phone(e164Digits: "447700900333")
    static let customer = Phone(e164Digits: "33612345678")
    static let unknown = Phone(e164Digits: "14155550100")

    static func text(_ text: String = "Hello", to phone: Phone = customer) -> OutboundMessage {
        .text(text, to: .person(phone))
    }
}

/// Where a store lives in a test: the same code in memory and in a file.
enum StoreLocation: String, CaseIterable, Sendable {
    case memory, file
}
