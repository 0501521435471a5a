/// Obsidian's inline tag, `#tag`, `#nested/tag` or `#中文标签`, found in a text node of the tree,
/// so never in code, a link or a URL.
public struct InlineTag: Sendable, Equatable {
    /// Without the `#`.
    public var name: String
    /// The `#` and the name.
    public var range: Range<String.Index>

    /// Obsidian's rules: the `#` starts the line or follows a space; the name runs over letters
    /// and digits of any script, `_`, `-` and `/`, and is not digits alone (`#1` is no tag).
    public static func scan(_ text: String, startsLine: Bool) -> [InlineTag] {
        guard text.utf8.contains(UInt8(ascii: "#")) else { return [] }
        var found: [InlineTag] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var previous: Unicode.Scalar? = nil
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            guard scalar == "#", previous.map(\.properties.isWhitespace) ?? startsLine else {
                previous = scalar
                index = next
                continue
            }
            var end = next
            while end < scalars.endIndex, isTagScalar(scalars[end]) { end = scalars.index(after: end) }
            // `#a/` ends at the name; a slash is only ever between its parts.
            while end > next, scalars[scalars.index(before: end)] == "/" { end = scalars.index(before: end) }
            let name = String(scalars[next..<end])
            if name.unicodeScalars.contains(where: { !("0"..."9").contains($0) }) {
                found.append(InlineTag(name: name, range: index..<end))
                previous = scalars[scalars.index(before: end)]
                index = end
            } else {
                previous = scalar
                index = next
            }
        }
        return found
    }

    private static func isTagScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-" || scalar == "/"
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }
}
