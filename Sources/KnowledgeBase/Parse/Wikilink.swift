/// `[[Name#Heading|label]]` or `![[file.png]]`, as written.
public struct Wikilink: Sendable, Hashable {
    /// The note or file named, trimmed; empty for `[[#Heading]]`.
    public var target: String
    public var heading: String?
    public var label: String?
    public var isEmbed: Bool

    public init(target: String, heading: String? = nil, label: String? = nil, isEmbed: Bool = false) {
        self.target = target
        self.heading = heading
        self.label = label
        self.isEmbed = isEmbed
    }

    /// Parses what stands between `[[` and `]]`.
    public init?(inner: Substring, isEmbed: Bool = false) {
        var reference = inner
        var label: String?
        if let bar = inner.firstIndex(of: "|") {
            reference = inner[..<bar]
            label = inner[inner.index(after: bar)...].trimmingSpaces
            if label?.isEmpty == true { label = nil }
        }
        var target = reference
        var heading: String?
        if let hash = reference.firstIndex(of: "#") {
            target = reference[..<hash]
            // `[[Note#Section#Subsection]]` leads to the last heading named.
            let last = reference.lastIndex(of: "#") ?? hash
            heading = reference[reference.index(after: last)...].trimmingSpaces
            if heading?.isEmpty == true { heading = nil }
        }
        let name = target.trimmingSpaces
        guard !name.isEmpty || heading != nil else { return nil }
        self.init(target: name, heading: heading, label: label, isEmbed: isEmbed)
    }

    /// A whole property value such as `"[[通义]]"`; nil when the value is not exactly one link.
    public init?(propertyValue value: String) {
        let trimmed = value.trimmingSpaces
        guard trimmed.hasPrefix("[["), trimmed.hasSuffix("]]"), trimmed.count > 4 else { return nil }
        let inner = trimmed.dropFirst(2).dropLast(2)
        guard !inner.contains("[["), !inner.contains("]]") else { return nil }
        self.init(inner: inner)
    }

    /// The wikilinks in one line of text, with their ranges. Scans bytes: this runs on every
    /// text node of every note.
    public static func scan(_ text: String) -> [(range: Range<String.Index>, link: Wikilink)] {
        let bytes = text.utf8
        let open = UInt8(ascii: "[")
        let close = UInt8(ascii: "]")
        // Most text nodes hold no `[`: a search over contiguous bytes tells, without `String.Index`.
        guard bytes.withContiguousStorageIfAvailable({ $0.contains(open) }) ?? bytes.contains(open) else {
            return []
        }
        var found: [(Range<String.Index>, Wikilink)] = []
        var index = bytes.startIndex
        var innerStart: String.Index?
        while index < bytes.endIndex {
            let next = bytes.index(after: index)
            guard next < bytes.endIndex else { break }
            if bytes[index] == open && bytes[next] == open {
                // `[[a [[b]]`: the link is the innermost one.
                innerStart = bytes.index(after: next)
                index = bytes.index(after: next)
                continue
            }
            if bytes[index] == close && bytes[next] == close, let start = innerStart {
                var linkStart = bytes.index(start, offsetBy: -2)
                let isEmbed = linkStart > bytes.startIndex && bytes[bytes.index(before: linkStart)] == UInt8(ascii: "!")
                if isEmbed { linkStart = bytes.index(before: linkStart) }
                let end = bytes.index(after: next)
                if let link = Wikilink(inner: text[start..<index], isEmbed: isEmbed) {
                    found.append((linkStart..<end, link))
                }
                innerStart = nil
                index = end
                continue
            }
            index = next
        }
        return found
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        // ASCII and CJK answered without a Unicode property lookup: every backlink's excerpt is
        // trimmed here.
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
            return !CharacterFolding.isCJK(scalar.value) && scalar.properties.isWhitespace
        }
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) }) ?? first
        return String(scalars[first...last])
    }
}
