import Foundation
import TestSupport
import Testing

/// Each adapter's DocC catalog carries its capability matrix as `switchboard capabilities --kind`
/// prints it from the adapter's `Capabilities`: a change to the data that the catalog does not
/// follow fails here (regenerate with the command in the catalog).
@Suite struct CatalogMatrixTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: [("wawp", "Providers/Wawp/Adapter/SwitchboardWawp.docc/SwitchboardWawp.md"),
                      ("wasup", "Providers/Wasup/Adapter/SwitchboardWasup.docc/SwitchboardWasup.md")])
    func catalogMatrixIsTheGeneratedOne(kind: String, catalog: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capabilities-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let child = try await ChildProcess.start(["capabilities", "--kind", kind], log: directory.appendingPathComponent("out.txt"),
                                                 executable: "switchboard")
        #expect(await child.wait() == 0, "\(child.output)")
        let table = child.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(table.hasPrefix("| feature | \(kind) |"), "\(table)")
        let text = try String(contentsOf: Self.repository.appendingPathComponent(catalog), encoding: .utf8)
        #expect(text.contains(table), "\(catalog) lacks the output of `switchboard capabilities --kind \(kind)`:\n\(table)")
    }
}
