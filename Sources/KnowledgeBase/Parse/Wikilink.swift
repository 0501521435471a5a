import Foundation

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
            heading = reference[reference.index(after: hash)...].trimmingSpaces
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

    /// The wikilinks in one line of text, with their UTF-8 offsets.
    public static func scan(_ text: String) -> [(range: Range<String.Index>, link: Wikilink)] {
        var found: [(Range<String.Index>, Wikilink)] = []
        var searchStart = text.startIndex
        while let open = text[searchStart...].range(of: "[[") {
            guard let close = text[open.upperBound...].range(of: "]]") else { break }
            let inner = text[open.upperBound..<close.lowerBound]
            // `[[a [[b]]`: the link is the innermost one.
            if let nested = inner.range(of: "[[", options: .backwards) {
                searchStart = nested.lowerBound
                continue
            }
            var start = open.lowerBound
            let isEmbed = start > text.startIndex && text[text.index(before: start)] == "!"
            if isEmbed { start = text.index(before: start) }
            if let link = Wikilink(inner: inner, isEmbed: isEmbed) {
                found.append((start..<close.upperBound, link))
            }
            searchStart = close.upperBound
        }
        return found
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? first
        return String(scalars[first...last])
    }
}
