import EmulatorKit
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripsKeepingKeyOrder() throws {
        let text = #"{"z":1,"a":[true,null,2.5,"x\"\n\u00e9"],"m":{"b":-3,"a":1e2}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == #"{"z":1,"a":[true,null,2.5,"x\"\né"],"m":{"b":-3,"a":100}}"#)
        #expect(value["m"]?.objectValue?.keys == ["b", "a"])
        #expect(value["m"]?["a"]?.intValue == 100)
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "tru", "\"\\x\"", "01", "{} x"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func comparesObjectsIgnoringOrderAndNumbersByValue() {
        let a: JSONValue = ["x": 1, "y": 2]
        let b: JSONValue = ["y": 2, "x": 1.0]
        #expect(a == b)
        #expect(a.serialized() != b.serialized())
    }
}
