import Foundation

/// Writes ``ProviderJSON`` as compact JSON text with sorted keys, straight into bytes.
///
/// The output is byte for byte what `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`
/// wrote before (checked side by side in `ProviderJSONTests`), because hashes of it are event ids
/// that must not change: keys in UTF-8 byte order; `"`, `\` and control characters escaped
/// (`\b \f \n \r \t`, else `\u00xx`), nothing else; whole numbers below 10^15 without a fraction,
/// other numbers as Swift prints them with a trailing `.0` dropped. A value holding a number that
/// is not finite has no JSON text: the whole value is written as `null`, as before.
struct ProviderJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// Appends `value`; `false` when it holds a number that is not finite.
    mutating func write(_ value: ProviderJSON) -> Bool {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number):
            guard number.isFinite else { return false }
            if number == number.rounded(), abs(number) < 1e15 {
                append(String(Int64(number)))
            } else {
                var text = number.description
                if text.hasSuffix(".0") { text.removeLast(2) }
                append(text)
            }
        case .string(let text): writeString(text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                guard write(item) else { return false }
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, member) in fields.sorted(by: { Self.precedes($0.key, $1.key) }) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                guard write(member) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// Whether `left` sorts before `right` by their UTF-8 bytes (`JSONEncoder`'s key order): one
    /// `memcmp` over the strings' own storage.
    static func precedes(_ left: String, _ right: String) -> Bool {
        let ordered = left.utf8.withContiguousStorageIfAvailable { l in
            right.utf8.withContiguousStorageIfAvailable { r in
                let common = min(l.count, r.count)
                let order = common == 0 ? 0 : memcmp(l.baseAddress!, r.baseAddress!, common)
                return order != 0 ? order < 0 : l.count < r.count
            }
        }
        return (ordered ?? nil) ?? left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(UInt8(ascii: "u"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
