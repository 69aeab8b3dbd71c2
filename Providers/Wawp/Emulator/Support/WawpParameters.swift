import EmulatorKit

/// A request's parameters as Wawp reads them: from the query string, or else from a JSON body's
/// top-level fields ("query or body"). Names are taken literally (`file[url]`, `event.name`).
struct WawpParameters: Sendable {
    let request: EmulatorRequest

    /// The text of a parameter: a query value, or a body field (scalars as text, arrays and
    /// objects as compact JSON). Nil when absent or JSON null.
    func string(_ name: String) -> String? {
        if let value = request.queryItem(name) { return value }
        switch request.field(name) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: return value.serialized()
        }
    }

    /// A non-empty parameter, treating the spec's `"null"` placeholder as absent.
    func present(_ name: String) -> String? {
        guard let text = string(name), !text.isEmpty, text != "null" else { return nil }
        return text
    }

    /// A parameter as JSON: a body field as it came, or a text that parses as JSON (the spec
    /// types `poll`, `contacts`, `messageIds` as strings holding JSON).
    func json(_ name: String) -> JSONValue? {
        if request.queryItem(name) == nil, let field = request.field(name), field != .null, field.stringValue == nil {
            return field
        }
        guard let text = present(name) else { return nil }
        return (try? JSONValue(parsing: text)) ?? .string(text)
    }

    /// A boolean parameter (`true`/`false`/`1`/`0`).
    func bool(_ name: String) -> Bool? {
        switch string(name)?.lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// An integer parameter.
    func int(_ name: String) -> Int? { string(name).flatMap { Int($0) } }

    /// Media given as `file[url]`, `file[filename]`, `file[mimetype]` (or a `file` object).
    func file() -> JSONObject? {
        var media = JSONObject()
        let object = json("file")?.objectValue
        for key in ["url", "filename", "mimetype"] {
            if let value = present("file[\(key)]") ?? object?[key]?.stringValue { media[key] = .string(value) }
        }
        return media["url"] == nil ? nil : media
    }
}
