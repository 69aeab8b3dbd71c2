import Foundation
import Switchboard

/// The `file[url]`, `file[filename]` and `file[mimetype]` triple that Wawp's media operations
/// require, filled in from a ``Media`` value: the name from the URL's last path component and the
/// type from its extension when the caller gave neither.
struct WawpFile: Hashable, Sendable {
    var url: String
    var fileName: String
    var mimeType: String

    init(_ media: Media, defaultName: String, defaultType: String) {
        url = media.url
        let lastComponent = URLComponents(string: media.url)?.path.split(separator: "/").last.map(String.init)
        let guessedName = lastComponent.flatMap { $0.contains(".") ? $0.removingPercentEncoding ?? $0 : nil }
        fileName = media.fileName ?? guessedName ?? defaultName
        mimeType = media.mimeType ?? Self.mimeType(forName: fileName) ?? defaultType
    }

    var query: [(String, String)] {
        [("file[url]", url), ("file[filename]", fileName), ("file[mimetype]", mimeType)]
    }

    /// The extension in lower case (`pdf`), if the name has one.
    var fileExtension: String? { Self.fileExtension(fileName) }

    static func fileExtension(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }

    static func mimeType(forName name: String) -> String? {
        switch fileExtension(name) {
        case "jpg"?, "jpeg"?: "image/jpeg"
        case "png"?: "image/png"
        case "webp"?: "image/webp"
        case "gif"?: "image/gif"
        case "mp4"?: "video/mp4"
        case "3gp"?: "video/3gpp"
        case "mov"?: "video/quicktime"
        case "ogg"?, "oga"?, "opus"?: "audio/ogg; codecs=opus"
        case "mp3"?: "audio/mpeg"
        case "m4a"?: "audio/mp4"
        case "aac"?: "audio/aac"
        case "wav"?: "audio/wav"
        case "pdf"?: "application/pdf"
        default: nil
        }
    }
}
