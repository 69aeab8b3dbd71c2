import Foundation

/// A one-pass JSON parser over bytes straight into ``ProviderJSON``: no intermediate tree, no
/// `Decoder` containers, no thrown errors on the way (issue 17: `JSONDecoder` through a
/// `singleValueContainer` threw a `DecodingError` for every type it tried and missed).
///
/// It accepts what Foundation's `JSONDecoder` accepted for ``ProviderJSON`` (checked side by side
/// in `ProviderJSONTests`): RFC 8259 JSON, a leading UTF-8 byte order mark, a trailing comma in
/// an array or object; the first of repeated keys wins; numbers outside `Double`'s range,
/// unpaired surrogates, raw control characters and invalid UTF-8 are refused. Nesting deeper
/// than 512 is refused rather than recursed into.
struct ProviderJSONReader {
    private let bytes: UnsafeRawBufferPointer
    private var index: Int
    private var depth = 0
    /// The members of the objects being read, innermost last: one buffer for the whole parse, so
    /// that each object is made once at its final size instead of growing member by member.
    private var members: [ProviderJSON.Object.Member] = []
    static let maximumDepth = 512

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        index = 0
    }

    /// The value `bytes` hold, or `nil` when they are not one JSON value.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> ProviderJSON? {
        var reader = ProviderJSONReader(bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { reader.index = 3 }
        guard let value = reader.value() else { return nil }
        reader.skipWhitespace()
        return reader.index == bytes.count ? value : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func value() -> ProviderJSON? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(ProviderJSON.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: ProviderJSON) -> ProviderJSON? {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return nil }
        let expected = UnsafeRawBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] { return nil }
        index += count
        return value
    }

    private mutating func object() -> ProviderJSON? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        index += 1  // {
        let start = members.count
        defer { members.removeSubrange(start...) }
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(ProviderJSON.Object()) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}"), members.count > start { index += 1; return .object(fields(from: start)) }  // trailing comma
            guard bytes[index] == UInt8(ascii: "\"") else { return nil }
            let keyStart = index + 1
            guard let key = string() else { return nil }
            // The key's summary from the bytes read, when they are its text (no escapes).
            let keyBytes = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<(index - 1)]).assumingMemoryBound(to: UInt8.self)
            let summary = keyBytes.count == key.utf8.count
                ? ProviderJSON.Object.summary(ofBytes: keyBytes) : ProviderJSON.Object.summary(of: key)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let member = value() else { return nil }
            members.append(ProviderJSON.Object.Member(key: key, value: member, summary: summary))
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(fields(from: start))
            default: return nil
            }
        }
    }

    /// The object of the members read since `start`; the first of repeated keys wins, as with
    /// JSONDecoder. Repeats are looked for by comparing keys in an object of up to 32 members
    /// (most fail on the length), by hashing them in a larger one, so that a hostile body with
    /// many keys costs linear time; an object without repeats (any a provider sends) is taken as read.
    private func fields(from start: Int) -> ProviderJSON.Object {
        let read = members[start...]
        guard ProviderJSON.Object.repeatsKeys(read) else { return ProviderJSON.Object(distinct: Array(read)) }
        var distinct: [ProviderJSON.Object.Member] = []
        var seen = Set<[UInt8]>(minimumCapacity: read.count)
        for member in read where seen.insert(Array(member.key.utf8)).inserted { distinct.append(member) }
        return ProviderJSON.Object(distinct: distinct)
    }

    private mutating func array() -> ProviderJSON? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { return nil }
        index += 1  // [
        var items: [ProviderJSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "]"), !items.isEmpty { index += 1; return .array(items) }  // trailing comma
            guard let item = value() else { return nil }
            items.append(item)
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: return nil
            }
        }
    }

    /// A string at `index` (its opening quote); `index` ends after the closing quote.
    private mutating func string() -> String? {
        index += 1  // "
        let start = index
        var ascii = true
        // The usual case: no escapes, so the text is the bytes themselves.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let utf8 = UnsafeRawBufferPointer(rebasing: bytes[start..<index]).assumingMemoryBound(to: UInt8.self)
                index += 1
                // ASCII needs no validation; anything else must be valid UTF-8, as JSONDecoder required.
                return ascii ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return utf8.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    UTF8.encode(scalar) { utf8.append($0) }
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                utf8.append(byte)
                index += 1
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (its `u` already read), with its low surrogate's `\uXXXX` for a pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hex4() else { return nil }
        switch unit {
        case 0xD800...0xDBFF:
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
            index += 2
            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00...0xDFFF:
            return nil
        default:
            return Unicode.Scalar(unit)
        }
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexDigitValue(bytes[index]) else { return nil }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// A number by JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() -> ProviderJSON? {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        var whole: Int64 = 0
        var digits = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { return nil }  // no leading zeros
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                if digits < 18 { whole = whole &* 10 &+ Int64(bytes[index] - UInt8(ascii: "0")) }
                digits += 1
                index += 1
            }
        }
        var exact = digits <= 15
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            exact = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            exact = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { return nil }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        // Up to 15 digits, whole: exact as a Double. Anything else: the correctly rounded parse.
        if exact { return .number(negative ? -Double(whole) : Double(whole)) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return .number(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
