import Foundation
import Switchboard

extension WawpProvider {
    /// `GET /v2/profile` → `{id, name, status, picture}` (WAHA's profile); `status` is the "about" text.
    public func profile(_ id: String) async throws(SwitchboardError) -> Profile {
        let reply = try await client.call(.get, "/v2/profile", instance: id)
        guard let root = reply.json, root.isObject else { throw client.unreadable(reply, "/v2/profile", expected: "a profile") }
        let json = [root["profile"], root["data"]].compactMap { $0 }.first { $0.isObject } ?? root
        return Profile(name: json.first("name", "pushName")?.nonEmptyString,
                       about: json.first("status", "about")?.nonEmptyString,
                       pictureURL: json.first("picture", "pictureURL", "profilePictureURL")?.nonEmptyString)
    }

    /// `PUT /v2/profile/name?name=`.
    public func setProfileName(_ id: String, _ name: String) async throws(SwitchboardError) {
        try require(.profileName)
        _ = try await client.call(.put, "/v2/profile/name", instance: id, query: [("name", name)])
    }

    /// `PUT /v2/profile/status?status=`: WhatsApp's "about" text.
    public func setProfileAbout(_ id: String, _ about: String) async throws(SwitchboardError) {
        try require(.profileAbout)
        _ = try await client.call(.put, "/v2/profile/status", instance: id, query: [("status", about)])
    }

    /// `PUT /v2/profile/picture` with `file[url]`, `file[filename]` and `file[mimetype]` (from the
    /// URL's extension, JPEG unless it says PNG); `nil` is `DELETE /v2/profile/picture-delete`.
    public func setProfilePicture(_ id: String, url: String?) async throws(SwitchboardError) {
        try require(.profilePicture)
        guard let url else {
            _ = try await client.call(.delete, "/v2/profile/picture-delete", instance: id)
            return
        }
        let file = WawpFile(Media(url: url), defaultName: "profile.jpg", defaultType: "image/jpeg")
        _ = try await client.call(.put, "/v2/profile/picture", instance: id, query: file.query)
    }
}
