import Foundation

/// Encodes an `Encodable` value into ``ProviderJSON``, so that `ProviderJSONWriter` can write it
/// as the very bytes `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` and its default
/// strategies writes (checked side by side in `StoredJSONTests`).
///
/// Issue 17: `JSONEncoder` was a quarter of a webhook delivery's cost, to store the event. It
/// builds a tree of reference boxes and goes through several layers of generic dispatch per
/// field; this encoder keeps the containers being filled on one stack (synthesized `Codable`
/// fills one container at a time, innermost first) and needs no box per container.
///
/// It encodes only what it can encode exactly as `JSONEncoder` does, and answers `nil` for the
/// rest, so that the caller uses `JSONEncoder` instead: `Float`, `Decimal`, integers of 10^15 or
/// more, numbers that are not finite, -0, `superEncoder`, and a container asked for twice in two
/// kinds. `Date` encodes itself (the default `.deferredToDate`), `Data` as base64 and `URL` as
/// its absolute string, as `JSONEncoder` does. `codingPath` is always empty.
struct ProviderJSONEncoder {
    /// `value` as a JSON value, or `nil` where `JSONEncoder` must be asked instead (above), or
    /// where `value`'s own `encode(to:)` throws.
    static func encode<T: Encodable>(_ value: T) -> ProviderJSON? {
        let encoder = TreeEncoder()
        guard let json = try? encoder.value(value), !encoder.unsupported else { return nil }
        return json
    }
}

/// The encoder behind ``ProviderJSONEncoder``. A container is an index into `frames`; writing into
/// a container first folds every frame above it into its parent, since a container deeper than
/// the one being written to is complete.
private final class TreeEncoder: Encoder {
    /// A container being filled, and where its value goes when complete.
    struct Frame {
        var isArray: Bool
        var members: [ProviderJSON.Object.Member] = []
        var items: [ProviderJSON] = []
        /// Its key in the parent object; `nil` for an element of the parent array, or for the
        /// container of the value being encoded at `base`.
        var key: String?
    }

    var frames: [Frame] = []
    /// The depth at which the value being encoded started: its container, if it asks for one, is `frames[base]`.
    var base = 0
    /// What the value being encoded wrote through a single value container.
    var single: ProviderJSON?
    /// Set on anything ``ProviderJSONEncoder`` leaves to `JSONEncoder`.
    var unsupported = false

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    struct Unsupported: Error {}

    /// `value` as JSON: the types `JSONEncoder` treats specially, else whatever `encode(to:)` writes.
    func value<T: Encodable>(_ value: T) throws -> ProviderJSON {
        if T.self == String.self { return .string(value as! String) }
        if T.self == Date.self { return try number((value as! Date).timeIntervalSinceReferenceDate) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Decimal.self || T.self == Float.self { throw fail() }
        let savedBase = base, savedSingle = single
        base = frames.count
        single = nil
        defer { base = savedBase; single = savedSingle }
        try value.encode(to: self)
        if frames.count > base {
            fold(downTo: base + 1)
            return complete(frames.removeLast())
        }
        // A value that wrote nothing is an empty object, as with JSONEncoder.
        return single ?? .object(ProviderJSON.Object())
    }

    func number(_ number: Double) throws -> ProviderJSON {
        // ProviderJSONWriter writes -0 as 0 (as ProviderJSON's own Codable did); JSONEncoder writes -0.
        guard number.isFinite, !(number == 0 && number.sign == .minus) else { throw fail() }
        return .number(number)
    }

    func integer<I: BinaryInteger>(_ integer: I) throws -> ProviderJSON {
        // Up to 10^15 a Double holds it exactly and ProviderJSONWriter writes its digits.
        guard integer.magnitude < 1_000_000_000_000_000 else { throw fail() }
        return .number(Double(integer))
    }

    /// A container used after its value was complete (kept past its `encode(to:)`): not
    /// something `Codable` code does, and not worth a crash; `JSONEncoder` is asked instead.
    func stale() -> Int {
        unsupported = true
        frames.append(Frame(isArray: false))
        return frames.count - 1
    }

    func fail() -> Unsupported {
        unsupported = true
        return Unsupported()
    }

    /// Folds each frame above `depth` into its parent.
    func fold(downTo depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            let json = complete(frame)
            if let key = frame.key { frames[frames.count - 1].members.append(.init(key: key, value: json)) }
            else { frames[frames.count - 1].items.append(json) }
        }
    }

    /// A finished frame's value; a key written twice keeps its last value, as with JSONEncoder.
    func complete(_ frame: Frame) -> ProviderJSON {
        if frame.isArray { return .array(frame.items) }
        guard ProviderJSON.Object.repeatsKeys(frame.members) else { return .object(ProviderJSON.Object(distinct: frame.members)) }
        var seen = Set<[UInt8]>()
        var distinct: [ProviderJSON.Object.Member] = []
        for member in frame.members.reversed() where seen.insert(Array(member.key.utf8)).inserted { distinct.append(member) }
        return .object(ProviderJSON.Object(distinct: distinct.reversed()))
    }

    /// The frame of the value at `base`, pushed on its first request.
    func openFrame(isArray: Bool) -> Int {
        if frames.count > base {
            fold(downTo: base + 1)
            if frames[base].isArray != isArray { unsupported = true }
            return base
        }
        frames.append(Frame(isArray: isArray))
        return base
    }

    /// Opens a container nested in `depth`'s, under `key` (an element when `nil`).
    func nested(in depth: Int, key: String?, isArray: Bool) -> Int {
        guard depth < frames.count else { return stale() }
        fold(downTo: depth + 1)
        frames.append(Frame(isArray: isArray, key: key))
        return frames.count - 1
    }

    func put(_ json: ProviderJSON, in depth: Int, key: String?) {
        guard depth < frames.count else { _ = stale(); return }
        fold(downTo: depth + 1)
        if let key { frames[depth].members.append(.init(key: key, value: json)) } else { frames[depth].items.append(json) }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed(encoder: self, depth: openFrame(isArray: false)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        Unkeyed(encoder: self, depth: openFrame(isArray: true))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: TreeEncoder
        let depth: Int
        var codingPath: [any CodingKey] { [] }

        func put(_ json: ProviderJSON, _ key: Key) { encoder.put(json, in: depth, key: key.stringValue) }

        mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { put(try encoder.number(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw encoder.fail() }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(try encoder.integer(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            encoder.fold(downTo: depth + 1)
            put(try encoder.value(value), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder, depth: encoder.nested(in: depth, key: key.stringValue, isArray: false)))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Unkeyed(encoder: encoder, depth: encoder.nested(in: depth, key: key.stringValue, isArray: true))
        }

        mutating func superEncoder() -> any Encoder { encoder.unsupported = true; return encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder.unsupported = true; return encoder }
    }

    struct Unkeyed: UnkeyedEncodingContainer, ValueSink {
        let encoder: TreeEncoder
        let depth: Int
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.frames.count > depth ? encoder.frames[depth].items.count : 0 }

        func prepare() { encoder.fold(downTo: depth + 1) }
        func accept(_ json: ProviderJSON) { encoder.put(json, in: depth, key: nil) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder, depth: encoder.nested(in: depth, key: nil, isArray: false)))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(encoder: encoder, depth: encoder.nested(in: depth, key: nil, isArray: true))
        }

        mutating func superEncoder() -> any Encoder { encoder.unsupported = true; return encoder }
    }

    struct Single: SingleValueEncodingContainer, ValueSink {
        let encoder: TreeEncoder
        var codingPath: [any CodingKey] { [] }

        func prepare() {}
        func accept(_ json: ProviderJSON) { encoder.single = json }
    }
}

/// The unkeyed and the single value container: values without keys, through the same overloads.
private protocol ValueSink {
    var encoder: TreeEncoder { get }
    /// Completes what the container holds before a value that may open containers of its own.
    func prepare()
    /// Takes one value.
    func accept(_ json: ProviderJSON)
}

extension ValueSink {
    mutating func encodeNil() throws { accept(.null) }
    mutating func encode(_ value: Bool) throws { accept(.bool(value)) }
    mutating func encode(_ value: String) throws { accept(.string(value)) }
    mutating func encode(_ value: Double) throws { accept(try encoder.number(value)) }
    mutating func encode(_ value: Float) throws { throw encoder.fail() }
    mutating func encode(_ value: Int) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: Int8) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: Int16) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: Int32) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: Int64) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: UInt) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: UInt8) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: UInt16) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: UInt32) throws { accept(try encoder.integer(value)) }
    mutating func encode(_ value: UInt64) throws { accept(try encoder.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        prepare()
        accept(try encoder.value(value))
    }
}
