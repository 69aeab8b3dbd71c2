/// The linked account's public profile.
public struct Profile: Hashable, Sendable, Codable {
    /// The display (push) name.
    public var name: String?
    /// The "about" text.
    public var about: String?
    /// A URL of the profile picture, where one is set.
    public var pictureURL: String?

    /// Creates a profile value.
    public init(name: String? = nil, about: String? = nil, pictureURL: String? = nil) {
        self.name = name
        self.about = about
        self.pictureURL = pictureURL
    }
}
