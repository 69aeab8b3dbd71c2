import Testing
@testable import Switchboard

@Suite struct PhoneTests {
    @Test(arguments: [
        ("+44 7700 900123", "447700900123"),
        ("0044 7700 900123", "447700900123"),
        ("447700900123@c.us", "447700900123"),
        ("447700900123@s.whatsapp.net", "447700900123"),
        ("447700900123:12@s.whatsapp.net", "447700900123"),
        ("+1 (415) 555-0100", "14155550100"),
        ("  +49.30.1234567 ", "49301234567"),
        // The byte-level fast path's spellings, and their neighbours the full parser reads.
        ("+447700900123", "447700900123"),
        ("447700900123", "447700900123"),
        ("00447700900123", "447700900123"),
        ("447700900123@C.US", "447700900123"),
        ("447700900123:7@c.us", "447700900123"),
    ])
    func parsesCommonSpellings(input: String, digits: String) throws {
        #expect(try Phone(input).digits == digits)
    }

    @Test(arguments: [
        ("", "empty"),
        ("07700 900123", "national"),
        ("+44 7700 9001x3", "`x`"),
        ("12345", "7 to 15"),
        ("+1234567890123456", "7 to 15"),
        ("447700900123@g.us", "not a person"),
        ("abc@c.us", "digits"),
        ("+0 7700 900123", "country code"),
        ("44+7700900123", "`+`"),
        ("+0447700900123", "country code"),
        ("0447700900123@c.us", "national"),
        ("+447700900123@c.us", "digits"),
        ("4477009001234567", "7 to 15"),
        ("4477009001234567@c.us", "7 to 15"),
        ("+٤٤٧٧٠٠٩٠٠١٢٣", "is not allowed"),
    ])
    func rejectsGarbageWithAReason(input: String, reason: String) {
        do {
            _ = try Phone(input)
            Issue.record("accepted \(input)")
        } catch {
            #expect(error.kind == .invalidRequest)
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test func formsE164AndJID() throws {
        let phone = try Phone("+44 7700 900123")
        #expect(phone.e164 == "+447700900123")
        #expect(phone.jid == "447700900123@c.us")
        #expect(ChatID.person(phone).jid == "447700900123@c.us")
    }

    @Test func chatIDsKeepTheirKind() throws {
        #expect(try ChatID("120363041234567890@g.us").kind == .group)
        #expect(try ChatID("123456789012345@lid").kind == .lid)
        #expect(try ChatID("120363041234567890@newsletter").kind == .newsletter)
        #expect(try ChatID("447700900123@s.whatsapp.net").jid == "447700900123@c.us")
        #expect(throws: SwitchboardError.self) { try ChatID("x@example.com") }
        // What the fast paths leave to the full parser: space around, upper-case servers.
        #expect(try ChatID(" 120363041234567890@G.US ").jid == "120363041234567890@g.us")
        #expect(try ChatID("\u{00A0}+44 7700 900123").jid == "447700900123@c.us")
        #expect(try ChatID("447700900123@c.us").phone?.digits == "447700900123")
        #expect(throws: SwitchboardError.self) { try ChatID("44770090012٣@c.us") }
    }
}
