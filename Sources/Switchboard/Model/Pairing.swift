import Foundation

/// How to link a phone to an instance.
public enum PairingMethod: Hashable, Sendable, Codable {
    /// Show a QR code that the phone scans (WhatsApp > Linked devices).
    case qr
    /// Request an 8-character pairing code (`ABCD-1234`) that the owner of `phone` types in.
    case code(phone: Phone)
}

/// A QR code to scan: its raw value, a PNG image, or both.
public struct QRCode: Hashable, Sendable, Codable {
    /// The text encoded in the QR code.
    public var value: String?
    /// A PNG rendering, where the provider gives one.
    public var png: Data?

    /// Creates a QR code value.
    public init(value: String? = nil, png: Data? = nil) {
        self.value = value
        self.png = png
    }
}

/// What an instance is waiting for, or that it no longer waits.
public enum PairingState: Hashable, Sendable, Codable {
    /// Scan this QR code.
    case qr(QRCode)
    /// Type this pairing code on the phone.
    case code(String)
    /// Linked, to this phone where the provider says which.
    case connected(Phone?)
    /// Not pairable right now (starting up, disconnected or failed); ask again.
    case waiting(InstanceStatus)

    /// The status this state corresponds to.
    public var status: InstanceStatus {
        switch self {
        case .qr, .code: .pairing
        case .connected: .connected
        case .waiting(let status): status
        }
    }
}
