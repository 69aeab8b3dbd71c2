import Foundation

/// A PNG that looks like a QR code for a payload: finder patterns in three corners and modules
/// derived from the payload's bytes. It is a valid PNG, not a decodable QR symbol. Shared by the
/// emulators, whose providers answer QR codes as images.
public enum QRPlaceholderImage {
    /// The PNG bytes: 29x29 modules, 8 pixels each, a 4-module quiet zone, 8-bit grayscale.
    public static func png(for payload: String) -> Data {
        let modules = 29, scale = 8, quiet = 4
        let size = (modules + 2 * quiet) * scale
        let dark = darkModules(for: payload, size: modules)
        var raw = [UInt8]()
        raw.reserveCapacity(size * (size + 1))
        for y in 0..<size {
            raw.append(0)  // filter: none
            for x in 0..<size {
                let mx = x / scale - quiet, my = y / scale - quiet
                let isDark = mx >= 0 && my >= 0 && mx < modules && my < modules && dark[my * modules + mx]
                raw.append(isDark ? 0 : 255)
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = [UInt8]()
        header += bigEndian(UInt32(size)) + bigEndian(UInt32(size))
        header += [8, 0, 0, 0, 0]  // 8-bit, grayscale, deflate, no filter, no interlace
        png += chunk("IHDR", header)
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return Data(png)
    }

    /// `data:image/png;base64,...`.
    public static func dataURL(for payload: String) -> String {
        "data:image/png;base64," + png(for: payload).base64EncodedString()
    }

    private static func darkModules(for payload: String, size: Int) -> [Bool] {
        var modules = [Bool](repeating: false, count: size * size)
        var seed: UInt64 = 0xcbf29ce484222325
        for byte in payload.utf8 { seed = (seed ^ UInt64(byte)) &* 0x100000001b3 }
        for index in modules.indices {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            modules[index] = seed & 1 == 1
        }
        for (ox, oy) in [(0, 0), (size - 7, 0), (0, size - 7)] {
            for y in -1...7 {
                for x in -1...7 where ox + x >= 0 && oy + y >= 0 && ox + x < size && oy + y < size {
                    let ring = max(abs(x - 3), abs(y - 3))
                    modules[(oy + y) * size + ox + x] = ring == 3 || ring <= 1
                }
            }
        }
        return modules
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// zlib stream of stored (uncompressed) deflate blocks.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let final: UInt8 = offset + length >= data.count ? 1 : 0
            out.append(final)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<offset + length]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + bigEndian(b << 16 | a)
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFFFFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFFFFFF
    }
}
