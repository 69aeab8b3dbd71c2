/// Lower-case hex text of bytes (digests, signatures), for the adapters: one pass, one string,
/// instead of a formatted string per byte.
package func lowercaseHex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
    let digits: StaticString = "0123456789abcdef"
    var text: [UInt8] = []
    text.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        text.append(digits.utf8Start[Int(byte >> 4)])
        text.append(digits.utf8Start[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}

/// The value of one hex digit, either case (`"7"` is 7, `"b"` and `"B"` are 11); nil for any other
/// byte. For the JSON readers' `\u` escapes, percent escapes and hex signatures.
@inlinable
package func hexDigitValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
}
