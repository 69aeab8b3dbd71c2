import Switchboard

extension WasupProvider {
    /// `GET .../profile`. The spec documents only `phone` and `connected` in `profile`; a name,
    /// about text or picture URL is read when a deployment includes one.
    public func profile(_ id: String) async throws(SwitchboardError) -> Profile {
        let reply = try await client.call(.get, WasupClient.instancePath(id, "/profile"))
        guard let profile = reply.json?["profile"], profile.isObject else { throw invalid("profile answered without `profile`") }
        return Profile(name: profile.first("name", "pushName", "displayName")?.nonEmptyString,
                       about: profile.first("about", "status")?.nonEmptyString,
                       pictureURL: profile.first("pictureUrl", "profilePictureUrl", "imageUrl")?.nonEmptyString)
    }

    /// `PUT .../profile/name` with `name`.
    public func setProfileName(_ id: String, _ name: String) async throws(SwitchboardError) {
        try capabilities.require(.profileName)
        _ = try await client.call(.put, WasupClient.instancePath(id, "/profile/name"), body: ["name": .string(name)])
    }

    /// `PUT .../profile/status` with `status`: Wasup's name for the "about" text.
    public func setProfileAbout(_ id: String, _ about: String) async throws(SwitchboardError) {
        try capabilities.require(.profileAbout)
        _ = try await client.call(.put, WasupClient.instancePath(id, "/profile/status"), body: ["status": .string(about)])
    }

    /// `PUT .../profile/picture` with `imageUrl`, or `DELETE .../profile/picture` for `nil`.
    public func setProfilePicture(_ id: String, url: String?) async throws(SwitchboardError) {
        try capabilities.require(.profilePicture)
        let path = WasupClient.instancePath(id, "/profile/picture")
        if let url {
            _ = try await client.call(.put, path, body: ["imageUrl": .string(url)])
        } else {
            _ = try await client.call(.delete, path)
        }
    }
}
