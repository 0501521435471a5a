/// A heading of a rendered document, with the id its HTML element carries.
public struct Heading: Sendable, Hashable {
    public let level: Int
    public let text: String
    public let id: String

    public init(level: Int, text: String, id: String) {
        self.level = level
        self.text = text
        self.id = id
    }
}

/// Makes heading ids that are valid for any script and unique within one page.
///
/// cmark emits no ids. Like GitHub, letters and digits of every script are kept (a Chinese
/// heading keeps its characters, so `#三次浪潮` works in a browser), spaces become hyphens, other
/// punctuation is dropped, and a repeated id gets `-1`, `-2`, ….
public struct HeadingIDs {
    private var used: [String: Int] = [:]
    /// Put before every id: an embedded note's headings get one, so they never meet the page's.
    private let prefix: String

    public init(prefix: String = "") {
        self.prefix = prefix
    }

    public static func base(for text: String) -> String {
        var id = ""
        var pendingHyphen = false
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil || scalar == "_" {
                if pendingHyphen && !id.isEmpty { id.append("-") }
                pendingHyphen = false
                id.unicodeScalars.append(scalar)
            } else if properties.isWhitespace || scalar == "-" {
                pendingHyphen = true
            }
        }
        return id.isEmpty ? "section" : id
    }

    public mutating func next(for text: String) -> String {
        let base = prefix + Self.base(for: text)
        var candidate = base
        while let count = used[candidate] {
            used[candidate] = count + 1
            candidate = "\(base)-\(count)"
        }
        used[candidate] = 1
        return candidate
    }
}
