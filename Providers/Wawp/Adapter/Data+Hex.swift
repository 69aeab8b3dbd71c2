import Foundation
import Switchboard

extension Data {
    /// Bytes from hex text (even length, any case); `nil` otherwise.
    init?(hex: String) {
        let characters = Array(hex.utf8)
        guard characters.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = hexDigitValue(characters[index]), let low = hexDigitValue(characters[index + 1]) else { return nil }
            bytes.append(UInt8(high << 4 | low))
            index += 2
        }
        self.init(bytes)
    }
}
