import Foundation
import Testing

/// README's tour and the DocC getting-started article show the program `make test` compiles and
/// runs (`Examples/Shop/main.swift`, run by `ShopExampleTests`), character for character, so
/// neither can drift into code that no longer builds.
@Suite struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The Swift code blocks of a Markdown file.
    static func swiftBlocks(_ markdown: String) -> [String] {
        markdown.components(separatedBy: "```swift\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first }
    }

    @Test(arguments: ["README.md", "Sources/Switchboard/Switchboard.docc/GettingStarted.md"])
    func theTourIsTheExampleThatIsBuiltAndRun(_ document: String) throws {
        let example = try Self.read("Examples/Shop/main.swift").trimmingCharacters(in: .newlines)
        let blocks = Self.swiftBlocks(try Self.read(document))
        #expect(blocks.contains(example), "\(document) does not show Examples/Shop/main.swift as it is")
    }
}
