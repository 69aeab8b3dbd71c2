import Foundation

/// A PNG that looks like a QR code for a value: finder patterns in three corners and modules
/// derived from the value's bytes. It is a valid 1-bit grayscale PNG, not a decodable QR symbol
/// (the emulator's phone pairs through the control API, not a camera).
enum QRImage {
    /// The PNG bytes: 29x29 modules of 6 pixels and a 4-module quiet zone.
    static func png(for value: String) -> Data {
        let modules = 29, scale = 6, quiet = 4
        let size = (modules + 2 * quiet) * scale
        let dark = darkModules(for: value, size: modules)
        let rowBytes = (size + 7) / 8
        var raw = [UInt8]()
        raw.reserveCapacity(size * (rowBytes + 1))
        for y in 0..<size {
            raw.append(0)  // filter: none
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            for x in 0..<size {
                let mx = x / scale - quiet, my = y / scale - quiet
                if mx >= 0, my >= 0, mx < modules, my < modules, dark[my * modules + mx] {
                    row[x / 8] &= ~(0x80 >> UInt8(x % 8))
                }
            }
            raw += row
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(size)) + bigEndian(UInt32(size)) + [1, 0, 0, 0, 0])
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return Data(png)
    }

    /// `data:image/png;base64,...`.
    static func dataURL(for value: String) -> String {
        "data:image/png;base64," + png(for: value).base64EncodedString()
    }

    private static func darkModules(for value: String, size: Int) -> [Bool] {
        var modules = [Bool](repeating: false, count: size * size)
        var seed: UInt64 = 0xcbf29ce484222325
        for byte in value.utf8 { seed = (seed ^ UInt64(byte)) &* 0x100000001b3 }
        for index in modules.indices {
            seed ^= seed << 13
            seed ^= seed >> 7
            seed ^= seed << 17
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
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    /// A zlib stream of stored (uncompressed) deflate blocks.
    private static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            out.append(offset + length >= data.count ? 1 : 0)
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

    private static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
