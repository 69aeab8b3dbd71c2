import Foundation
import Testing
@testable import Switchboard

/// `ProviderJSON`'s own reader and writer against Foundation's `JSONDecoder` and `JSONEncoder`,
/// which they replaced (issue 17): the same values accepted, the same refused, and the same text
/// written byte for byte (event ids are hashes of that text).
@Suite struct ProviderJSONTests {
    /// What `ProviderJSON.parse` returned before: Foundation's decoder through `init(from:)`.
    static func foundationParse(_ text: String) -> ProviderJSON? {
        try? JSONDecoder().decode(ProviderJSON.self, from: Data(text.utf8))
    }

    /// What `ProviderJSON.text` returned before.
    static func foundationText(_ value: ProviderJSON) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static let accepted = [
        #"{"event":"message","message_id":"3EB0A1","from_phone":"60123456789","created_at":"2026-11-22T03:51:00Z","message":"hi \"there\" \\ /path é 😀","media_type":"text","n":12,"f":1.5,"neg":-3,"e":1e3,"big":12345678901234567890,"t":true,"x":false,"z":null,"a":[1,[2,[3]],{"b":{}}],"o":{}}"#,
        #"  [ 1 , 2.25 , -0 , 0 , -0.5e-3 , 1E+2 , "a" ]  "#,
        #""\u0041\u00e9\ud83d\ude00\n\t\r\b\f\/\"\\\u0000""#,
        #"{"a":1,"a":2}"#,
        // More than 32 members: repeats are found by hashing instead of comparing.
        "{" + (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k3\":\"again\",\"k39\":null}",
        "{" + (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",") + ",\"k3\":\"again\",\"k19\":null}",
        #"[1,2,]"#,
        #"{"a":1,}"#,
        "\u{FEFF}{\"bom\":true}",
        "{\"tab\":\t\"x\"}\n",
        #"123456789012345"#,
        #"1234567890123456"#,
        #"0.1"#,
        #"-12.5"#,
        #"9007199254740993"#,
        #"1.7976931348623157e308"#,
        #"5e-324"#,
        #"[]"#,
        #"{}"#,
        #"null"#,
        #""""#,
        #"{"": ""}"#,
        #"{"key with \"escapes\"\n":"v"}"#,
        // Keys whose summaries agree (length, first six bytes, last byte) yet differ, a true
        // repeat among them, and a repeat spelled with an escape.
        #"{"instance_1_id":1,"instance_2_id":2,"instance_1_id":3,"abc":4,"a\u0062c":5,"instance_3_id":{"x":6}}"#,
    ]

    static let refused = [
        "", " ", "{", "}", "[", "]", "[1", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "01", "-", "1.", ".5", "1e", "1e+",
        "+1", "1e400", "-1e400", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\x\"", "\"\\u12\"", "\"a\u{01}b\"",
        "\"abc", "tru", "nul", "falsey", "[1 2]", "{\"a\":1 \"b\":2}", "1 2", "[,]", "{,}", "[1,,2]", "NaN", "Infinity",
        "'a'", "[1]]", "\"\\u00e9",
    ]

    @Test func acceptsWhatFoundationAccepted() throws {
        for text in Self.accepted {
            let expected = try #require(Self.foundationParse(text), "Foundation refused \(text)")
            #expect(ProviderJSON.parse(Data(text.utf8)) == expected, "\(text)")
        }
    }

    @Test func refusesWhatFoundationRefused() {
        for text in Self.refused {
            #expect(Self.foundationParse(text) == nil, "Foundation accepted \(text)")
            #expect(ProviderJSON.parse(Data(text.utf8)) == nil, "\(text)")
        }
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(ProviderJSON.parse(Data(bytes)) == nil, "\(bytes)")
            #expect((try? JSONDecoder().decode(ProviderJSON.self, from: Data(bytes))) == nil, "\(bytes)")
        }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(ProviderJSON.parse(Data(deep.utf8)) == nil)
    }

    @Test func writesWhatFoundationWrote() throws {
        var values: [ProviderJSON] = try Self.accepted.map { try #require(ProviderJSON.parse(Data($0.utf8))) }
        values += [
            ["B": 1, "Z": 2, "_x": 3, "a": 4, "a10": 5, "a9": 6, "aB": 7, "ab": 8, "ä": 9, "é": 10, "e": 11],
            .string("\u{01}\u{1F}\u{7F}\"\\/\u{2028}é😀\t\n\r\u{08}\u{0C}"),
            .number(1e15), .number(1e16), .number(-1e15), .number(0.1), .number(1e20), .number(1e-7), .number(-0.0),
            .number(123456789.123), .number(2.5e-300), .number(999_999_999_999_999), .number(.nan),
            .array([.number(1), .number(.infinity)]),
        ]
        for value in values {
            #expect(value.text == Self.foundationText(value), "\(value)")
            #expect(value.data == Data(Self.foundationText(value).utf8))
        }
    }

    /// Values built at random (a fixed seed), written by Foundation, read back by both.
    @Test func roundTripsRandomValuesLikeFoundation() throws {
        var random = PacingRandom(seed: 17)
        for _ in 0..<300 {
            let value = random.value(depth: 0)
            let text = Self.foundationText(value)
            #expect(value.text == text)
            let parsed = ProviderJSON.parse(Data(text.utf8))
            #expect(parsed == Self.foundationParse(text), "\(text)")
            #expect(parsed?.text == text)
        }
    }

    /// An object keeps its members in order and each key once; it compares and hashes regardless
    /// of the order, as the dictionary it replaced did.
    @Test func objectsCompareAndHashRegardlessOfOrder() throws {
        let forward = try #require(ProviderJSON.parse(Data(#"{"a":1,"b":[true],"c":{"d":null}}"#.utf8)))
        let backward = try #require(ProviderJSON.parse(Data(#"{"c":{"d":null},"b":[true],"a":1}"#.utf8)))
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        #expect(forward != (try #require(ProviderJSON.parse(Data(#"{"a":1,"b":[true]}"#.utf8)))))
        #expect(forward != (try #require(ProviderJSON.parse(Data(#"{"a":2,"b":[true],"c":{"d":null}}"#.utf8)))))
        var object: ProviderJSON.Object = ["x": 1, "y": 2, "x": 3]
        #expect(object.keys == ["x", "y"] && object["x"] == 3)
        object["z"] = "new"
        object["x"] = nil
        #expect(object.keys == ["y", "z"])
        #expect(Dictionary(uniqueKeysWithValues: object.map { ($0.key, $0.value) }) == ["y": 2, "z": "new"])
    }

    /// Keys told apart by their bytes where their summaries (length, first six bytes, last byte)
    /// agree: look-ups, repeats and setting.
    @Test func keysWithTheSameSummaryStayApart() throws {
        let json = try #require(ProviderJSON.parse(Data(#"{"instance_1_id":1,"instance_2_id":2,"instance_1_id":3,"abc":4,"a\u0062c":5}"#.utf8)))
        guard case .object(let object) = json else { Issue.record("not an object: \(json)"); return }
        #expect(object.keys == ["instance_1_id", "instance_2_id", "abc"])
        #expect(json["instance_1_id"] == 1 && json["instance_2_id"] == 2 && json["instance_3_id"] == nil)
        #expect(json["abc"] == 4)
        var built: ProviderJSON.Object = ["instance_1_id": 1]
        built["instance_2_id"] = 2
        built["instance_1_id"] = 10
        #expect(built.keys == ["instance_1_id", "instance_2_id"] && built["instance_1_id"] == 10 && built["instance_2_id"] == 2)
        #expect(ProviderJSON.Object.summary(of: "instance_1_id") == ProviderJSON.Object.summary(of: "instance_2_id"))
        #expect(ProviderJSON.Object.summary(of: "ab") != ProviderJSON.Object.summary(of: "ab\u{0}"))
    }

    /// A dotted path walks objects, skipping empty keys as a split would; anything else is `nil`.
    @Test func pathsWalkNestedObjects() throws {
        let json = try #require(ProviderJSON.parse(Data(#"{"id":{"_serialized":"x@c.us","n":[1]},"a":{"b":{"c":true}}}"#.utf8)))
        #expect(json[path: "id._serialized"] == "x@c.us")
        #expect(json[path: "a.b.c"] == true)
        #expect(json[path: "a..b.c."] == true)
        #expect(json[path: ""] == json)
        #expect(json[path: "a.b.x"] == nil)
        #expect(json[path: "id.n.0"] == nil)
        #expect(json[path: "id._serialized.more"] == nil)
    }

    /// `first` with two, three and more spellings: the first present and not null, whatever the
    /// arity (the two- and three-key forms avoid the variadic array).
    @Test func firstSkipsAbsentAndNullMembers() throws {
        let json = try #require(ProviderJSON.parse(Data(#"{"a":null,"b":"two","c":3,"d":{"e":true}}"#.utf8)))
        #expect(json.first("a", "b") == .string("two"))
        #expect(json.first("x", "c") == .number(3))
        #expect(json.first("a", "x") == nil)
        #expect(json.first("x", "a", "c") == .number(3))
        #expect(json.first("x", "y", "z") == nil)
        #expect(json.first("x", "y", "a", "d") == .object(["e": .bool(true)]))
        #expect(json.first("x", "y", "a", "z") == nil)
        #expect(ProviderJSON.string("b").first("b", "c") == nil)
        #expect(json["d"]?.first("e", "x")?.bool == true)
    }
}

/// The tests' random values, from the core's seeded generator (SplitMix64): the same on every run.
extension PacingRandom {
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func string() -> String {
        let pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{01}", "é", "😀", "\u{7F}", "key", "_", "\u{2028}", "ü"]
        return (0..<below(6)).map { _ in pieces[below(pieces.count)] }.joined()
    }

    mutating func value(depth: Int) -> ProviderJSON {
        switch below(depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2:
            let numbers: [Double] = [0, -1, 42, 1e15, 1e16, 0.5, -2.75, 1e-5, 3.14159, 1e21, Double(below(1_000_000))]
            return .number(numbers[below(numbers.count)])
        case 3, 4: return .string(string())
        case 5: return .array((0..<below(4)).map { _ in value(depth: depth + 1) })
        default:
            var fields = ProviderJSON.Object()
            for _ in 0..<below(5) { fields[string()] = value(depth: depth + 1) }
            return .object(fields)
        }
    }
}
