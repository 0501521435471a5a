/// Paths of the output, relative to the site's root (`models/qwen3-vl.html`), and the relative
/// URLs between them that let the site work from `file://`, a root or a sub-path.
public enum URLPath {
    /// The prefix that leads from `page` back to the root: `""`, `"../"`, `"../../"`.
    public static func root(from page: String) -> String {
        String(repeating: "../", count: page.utf8.count(where: { $0 == UInt8(ascii: "/") }))
    }

    /// `target` as seen from `page`, percent-encoded.
    public static func relative(from page: String, to target: String) -> String {
        if page == target { return "" }
        let from = page.split(separator: "/").dropLast()
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] {
            common += 1
        }
        let up = String(repeating: "../", count: from.count - common)
        return up + to[common...].map { encode(String($0)) }.joined(separator: "/")
    }

    /// Percent-encoding for one path segment: unreserved ASCII stays, every other byte is encoded.
    /// Pages are named in ASCII, so most segments come back as they are.
    public static func encode(_ segment: String) -> String {
        func isUnreserved(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                true
            default: false
            }
        }
        if segment.utf8.allSatisfy(isUnreserved) { return segment }
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        for byte in segment.utf8 {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
