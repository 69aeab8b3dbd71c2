/// The content of an outbound message, one case per kind WhatsApp can carry.
public enum OutboundContent: Hashable, Sendable, Codable {
    /// Plain text.
    case text(String)
    /// Text with a link preview card for `url`.
    case linkPreview(LinkPreview)
    /// An image by URL.
    case image(Media)
    /// A video by URL.
    case video(Media)
    /// An audio file by URL.
    case audio(Media)
    /// A voice note (push-to-talk) by URL.
    case voiceNote(Media)
    /// A document by URL.
    case document(Media)
    /// A location pin.
    case location(Location)
    /// A contact card.
    case contact(ContactCard)
    /// Text with reply buttons.
    case buttons(ButtonsMessage)
    /// A list picker.
    case list(ListMessage)
    /// A poll.
    case poll(Poll)

    /// The feature a provider needs to send this content.
    public var feature: Feature {
        switch self {
        case .text: .sendText
        case .linkPreview: .sendLinkPreview
        case .image: .sendImage
        case .video: .sendVideo
        case .audio: .sendAudio
        case .voiceNote: .sendVoiceNote
        case .document: .sendDocument
        case .location: .sendLocation
        case .contact: .sendContact
        case .buttons: .sendButtons
        case .list: .sendList
        case .poll: .sendPoll
        }
    }
}

/// Text with a link preview.
public struct LinkPreview: Hashable, Sendable, Codable {
    /// The message text; it should contain `url`.
    public var text: String
    /// The previewed URL.
    public var url: String
    /// The card's title.
    public var title: String?
    /// The card's description.
    public var description: String?
    /// The card's image URL.
    public var imageURL: String?

    /// Creates a link preview.
    public init(text: String, url: String, title: String? = nil, description: String? = nil, imageURL: String? = nil) {
        self.text = text
        self.url = url
        self.title = title
        self.description = description
        self.imageURL = imageURL
    }
}

/// A media file the provider fetches from a URL.
public struct Media: Hashable, Sendable, Codable {
    /// Where the provider downloads the file.
    public var url: String
    /// A caption shown under the media.
    public var caption: String?
    /// The MIME type, when known (`image/jpeg`, `application/pdf`, …).
    public var mimeType: String?
    /// The file name shown for documents.
    public var fileName: String?

    /// Creates a media reference.
    public init(url: String, caption: String? = nil, mimeType: String? = nil, fileName: String? = nil) {
        self.url = url
        self.caption = caption
        self.mimeType = mimeType
        self.fileName = fileName
    }
}

/// A location pin.
public struct Location: Hashable, Sendable, Codable {
    /// Latitude in degrees.
    public var latitude: Double
    /// Longitude in degrees.
    public var longitude: Double
    /// A place name.
    public var name: String?
    /// An address line.
    public var address: String?

    /// Creates a location.
    public init(latitude: Double, longitude: Double, name: String? = nil, address: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.address = address
    }
}

/// A contact card.
public struct ContactCard: Hashable, Sendable, Codable {
    /// The contact's full name.
    public var name: String
    /// The contact's phone number.
    public var phone: Phone
    /// The organisation, if any.
    public var organization: String?

    /// Creates a contact card.
    public init(name: String, phone: Phone, organization: String? = nil) {
        self.name = name
        self.phone = phone
        self.organization = organization
    }

    /// The card as a vCard 3.0 text.
    public var vCard: String {
        var lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:\(name)"]
        if let organization { lines.append("ORG:\(organization);") }
        lines.append("TEL;type=CELL;type=VOICE;waid=\(phone.digits):\(phone.e164)")
        lines.append("END:VCARD")
        return lines.joined(separator: "\n")
    }
}

/// Text with up to three quick-reply buttons.
public struct ButtonsMessage: Hashable, Sendable, Codable {
    /// The message text.
    public var text: String
    /// The buttons, in order.
    public var buttons: [Button]
    /// A footer line.
    public var footer: String?

    /// One reply button.
    public struct Button: Hashable, Sendable, Codable {
        /// The id returned when the button is pressed.
        public var id: String
        /// The label shown.
        public var title: String

        /// Creates a button.
        public init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    /// Creates a buttons message.
    public init(text: String, buttons: [Button], footer: String? = nil) {
        self.text = text
        self.buttons = buttons
        self.footer = footer
    }
}

/// A list picker: a button that opens sections of rows.
public struct ListMessage: Hashable, Sendable, Codable {
    /// The message text.
    public var text: String
    /// The label of the button that opens the list.
    public var buttonTitle: String
    /// The sections.
    public var sections: [Section]
    /// A title above the text.
    public var title: String?
    /// A footer line.
    public var footer: String?

    /// A titled group of rows.
    public struct Section: Hashable, Sendable, Codable {
        /// The section title.
        public var title: String
        /// The rows.
        public var rows: [Row]

        /// Creates a section.
        public init(title: String, rows: [Row]) {
            self.title = title
            self.rows = rows
        }
    }

    /// One choice.
    public struct Row: Hashable, Sendable, Codable {
        /// The id returned when chosen.
        public var id: String
        /// The label shown.
        public var title: String
        /// A second line.
        public var description: String?

        /// Creates a row.
        public init(id: String, title: String, description: String? = nil) {
            self.id = id
            self.title = title
            self.description = description
        }
    }

    /// Creates a list message.
    public init(text: String, buttonTitle: String, sections: [Section], title: String? = nil, footer: String? = nil) {
        self.text = text
        self.buttonTitle = buttonTitle
        self.sections = sections
        self.title = title
        self.footer = footer
    }
}

/// A poll.
public struct Poll: Hashable, Sendable, Codable {
    /// The question.
    public var question: String
    /// The options, in order.
    public var options: [String]
    /// Whether voters may pick more than one option.
    public var allowsMultipleAnswers: Bool

    /// Creates a poll.
    public init(question: String, options: [String], allowsMultipleAnswers: Bool = false) {
        self.question = question
        self.options = options
        self.allowsMultipleAnswers = allowsMultipleAnswers
    }
}
