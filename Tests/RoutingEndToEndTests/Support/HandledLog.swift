import Foundation
import TestSupport

/// The file a child's inbox handler appends to: one line per handled message, `text<TAB>instance<TAB>message id`.
struct HandledLog {
    struct Line: Hashable {
        let text: String
        let instance: String
        let messageID: String
    }

    let url: URL

    /// The complete lines so far (a line being written is left out).
    var lines: [Line] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        var text = String(decoding: data, as: UTF8.self)
        if let newline = text.lastIndex(of: "\n") { text = String(text[...newline]) } else { return [] }
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Line(text: fields[0], instance: fields.count > 1 ? fields[1] : "", messageID: fields.count > 2 ? fields[2] : "")
        }
    }

    /// Waits until `condition` holds for the lines, polling every 50 ms; whether it did. Gives up
    /// when `running` turns false, or when no line was added for `stall` (see `ProgressWatch`).
    func wait(stall: Duration = .seconds(120), while running: () -> Bool = { true },
              until condition: ([Line]) -> Bool) async -> Bool {
        var watch = ProgressWatch(stall: stall)
        while true {
            let current = lines
            if condition(current) { return true }
            guard running() else { return condition(lines) }
            if watch.stalled(at: current.count) { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
