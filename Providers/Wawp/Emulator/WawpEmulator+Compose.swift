import EmulatorKit
import Foundation

/// The content of a message about to be sent, read from a send endpoint's parameters.
struct MessageDraft: Sendable {
    var body: String?
    var media: JSONObject?
    var location: JSONObject?
    var vCards: [String] = []
    var content: JSONObject = [:]
}

extension WawpEmulator {
    /// Reads and checks a send endpoint's content parameters.
    func compose(_ kind: SendKind, _ call: WawpCall) throws(SendRefusal) -> MessageDraft {
        let params = call.params
        var draft = MessageDraft()
        switch kind {
        case .text:
            let text = try required(call, "message")
            guard text.count <= 4096 else { throw invalid(call, "message") }
            draft.body = text
        case .image, .pdf, .video, .voice:
            guard let media = params.file() else { throw SendRefusal(response: errors.missingParameter(["file[url]"], operation: call.operation)) }
            draft.media = media
            draft.body = params.present("caption")
            if kind == .video { draft.content["asNote"] = .bool(params.bool("asNote") ?? false) }
            if kind == .video || kind == .voice { draft.content["convert"] = .bool(params.bool("convert") ?? false) }
        case .linkPreview:
            let url = try required(call, "url")
            draft.body = params.present("text").map { $0.contains(url) ? $0 : $0 + " " + url } ?? url
            var preview: JSONObject = ["url": .string(url)]
            for key in ["title", "description", "thumbnail"] { if let value = params.present(key) { preview[key] = .string(value) } }
            draft.content["preview"] = .object(preview)
            draft.content["linkPreviewHighQuality"] = .bool(params.bool("linkPreviewHighQuality") ?? false)
        case .location:
            let latitude = try required(call, "latitude"), longitude = try required(call, "longitude")
            guard let lat = Double(latitude), (-90...90).contains(lat) else { throw invalid(call, "latitude") }
            guard let lon = Double(longitude), (-180...180).contains(lon) else { throw invalid(call, "longitude") }
            let title = params.present("title")
            draft.location = ["description": JSONValue(title), "latitude": .string(latitude), "longitude": .string(longitude)]
            draft.content["title"] = JSONValue(title)
            draft.content["address"] = JSONValue(params.present("message"))
        case .contact:
            guard let contacts = params.json("contacts")?.arrayValue ?? params.json("contacts")?.objectValue.map({ [.object($0)] }),
                  !contacts.isEmpty, contacts.allSatisfy({ $0.objectValue != nil })
            else { throw invalid(call, "contacts") }
            draft.content["contacts"] = .array(contacts)
            draft.vCards = contacts.map(Self.vCard)
        case .poll:
            guard let poll = params.json("poll")?.objectValue, let name = poll["name"]?.stringValue, !name.isEmpty,
                  let options = poll["options"]?.arrayValue, (2...12).contains(options.count),
                  options.allSatisfy({ $0.stringValue?.isEmpty == false }),
                  Set(options.compactMap(\.stringValue)).count == options.count
            else { throw invalid(call, "poll") }
            draft.body = name
            draft.content["poll"] = ["name": .string(name), "options": .array(options),
                                     "multipleAnswers": .bool(poll["multipleAnswers"]?.boolValue ?? false)]
        case .list:
            let list = try listMessage(call)
            draft.body = list["description"]?.stringValue
            draft.content["list"] = .object(list)
        case .event:
            let name = try required(call, "event.name")
            guard let start = params.int("event.startTime") else { throw invalid(call, "event.startTime") }
            var event: JSONObject = ["name": .string(name), "description": JSONValue(params.present("event.description")),
                                     "startTime": .int(start)]
            if let end = params.int("event.endTime") {
                guard end >= start else { throw invalid(call, "event.endTime") }
                event["endTime"] = .int(end)
            }
            event["location"] = params.present("event.location.name").map { ["name": .string($0)] } ?? .null
            event["extraGuestsAllowed"] = .bool(params.bool("event.extraGuestsAllowed") ?? false)
            draft.body = name
            draft.content["event"] = .object(event)
        }
        return draft
    }

    /// A list message from `message` (an object, or JSON text of one) with the spec's dotted
    /// fields (`message.title`, `message.sections`, ...) over it; it needs a button and sections
    /// whose rows number 1 to 10 in all.
    private func listMessage(_ call: WawpCall) throws(SendRefusal) -> JSONObject {
        var list = call.params.json("message")?.objectValue ?? [:]
        if list.isEmpty, let text = call.params.present("message") { list["description"] = .string(text) }
        for key in ["title", "description", "footer", "button", "sections"] {
            if let value = call.params.json("message.\(key)") { list[key] = value }
        }
        guard let button = list["button"]?.stringValue, !button.isEmpty, button.count <= 20 else { throw invalid(call, "message.button") }
        guard let sections = list["sections"]?.arrayValue, !sections.isEmpty,
              sections.allSatisfy({ ($0["rows"]?.arrayValue?.isEmpty == false) })
        else { throw invalid(call, "message.sections") }
        let rows = sections.reduce(0) { $0 + ($1["rows"]?.arrayValue?.count ?? 0) }
        guard rows <= 10 else { throw invalid(call, "message.sections") }
        return list
    }

    /// A vCard for a contact object (`fullName`, `organization`, `phoneNumber`, `whatsappId`),
    /// or the object's own `vcard`.
    static func vCard(_ contact: JSONValue) -> String {
        if let vcard = contact["vcard"]?.stringValue { return vcard }
        let name = contact["fullName"]?.stringValue ?? ""
        var lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:\(name)"]
        if let organization = contact["organization"]?.stringValue { lines.append("ORG:\(organization);") }
        if let phone = contact["phoneNumber"]?.stringValue {
            let waid = contact["whatsappId"]?.stringValue ?? phone.filter(\.isNumber)
            lines.append("TEL;type=CELL;type=VOICE;waid=\(waid):\(phone)")
        }
        lines.append("END:VCARD")
        return lines.joined(separator: "\n")
    }
}
