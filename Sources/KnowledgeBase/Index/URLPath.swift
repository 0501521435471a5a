/// Paths of the output, relative to the site's root (`models/qwen3-vl.html`), and the relative
/// URLs between them that let the site work from `file://`, a root or a sub-path.
public enum URLPath {
    /// The folders that hold `path`, nearest first: `a/b/c` gives `a/b` and `a`.
    public static func parents(of path: String) -> [String] {
        var parents: [String] = []
        var rest = Substring(path)
        while let slash = rest.lastIndex(of: "/") {
            rest = rest[..<slash]
            parents.append(String(rest))
        }
        return parents
    }

    /// The prefix that leads from `page` back to the root: `""`, `"../"`, `"../../"`.
    public static func root(from page: String) -> String {
        String(repeating: "../", count: page.utf8.count(where: { $0 == UInt8(ascii: "/") }))
    }

    /// `target` as seen from `page`, percent-encoded. Computed on bytes: it runs for every link
    /// of every page (backlinks, neighbours, listings), and splitting into `String`s was 4% of a
    /// build.
    public static func relative(from page: String, to target: String) -> String {
        // Bytes, not String's ==, which compares by canonical equivalence: the explorer asks this
        // of every note on every page, and == was a twentieth of a build of 252 notes.
        if page.utf8.count == target.utf8.count, page.utf8.elementsEqual(target.utf8) { return "" }
        var shared = 0  // just after the last `/` of the folders both paths start with
        for (position, (a, b)) in zip(page.utf8, target.utf8).enumerated() {
            guard a == b else { break }
            if a == UInt8(ascii: "/") { shared = position + 1 }
        }
        let up = page.utf8.dropFirst(shared).count(where: { $0 == UInt8(ascii: "/") })
        return String(repeating: "../", count: up) + encode(path: target.utf8.dropFirst(shared))
    }

    /// Percent-encoding for a path: `/` and unreserved ASCII stay, every other byte is encoded.
    /// Pages are named in ASCII, so most paths come back as they are.
    public static func encode(path: String) -> String {
        encode(path: path.utf8[...])
    }

    private static func encode(path: Substring.UTF8View) -> String {
        func stays(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "/") || isUnreserved(byte) }
        if path.allSatisfy(stays) { return String(Substring(path)) }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(path.count)
        for byte in path {
            if stays(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
