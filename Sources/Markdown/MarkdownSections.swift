/// Cuts a very long document into sections that parse one at a time to the same HTML.
///
/// libcmark-gfm holds the whole tree of a document in memory, about 24 bytes for each byte of
/// Markdown rich in links and lists: a 50 MB note would need more than a gigabyte. A section
/// starts only at an ATX heading in the first column after a blank line, outside fenced code and
/// HTML blocks: such a line closes every open block, so what comes before it parses the same on
/// its own. Link reference and footnote definitions are shared by the whole document, and a
/// `%%` comment may span sections, so a document that has one is never cut.
public struct MarkdownSections: Sequence {
    public struct Section {
        public let text: Substring
        /// The line of the document the section starts on, 1-based.
        public let firstLine: Int
    }

    public let markdown: String
    /// Sections end at the first possible cut after this many bytes.
    public let size: Int

    public init(_ markdown: String, size: Int = 1 << 20) {
        self.markdown = markdown
        self.size = size
    }

    public func makeIterator() -> AnyIterator<Section> {
        let cuts = markdown.utf8.count > size ? self.cuts() : []
        var starts = [(markdown.startIndex, 1)] + cuts
        starts.append((markdown.endIndex, 0))
        var next = 0
        return AnyIterator {
            guard next + 1 < starts.count else { return nil }
            defer { next += 1 }
            return Section(text: markdown[starts[next].0..<starts[next + 1].0], firstLine: starts[next].1)
        }
    }

    /// Where sections start, with their line numbers; none when the document cannot be cut.
    private func cuts() -> [(String.Index, Int)] {
        let utf8 = markdown.utf8
        var cuts: [(String.Index, Int)] = []
        var sectionStart = 0
        var fence: (byte: UInt8, count: Int)?
        var htmlEnds: [[UInt8]]?
        var previousBlank = false
        var tagSinceBlank = false
        var lineNumber = 0
        var offset = 0
        var lineStart = utf8.startIndex
        while lineStart < utf8.endIndex {
            lineNumber += 1
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let line = Array(utf8[lineStart..<lineEnd])
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = line.dropFirst(indent)
            // A definition can sit in a list or a quote, and its label can span lines.
            if Self.find(Array("]:".utf8), in: line[...]) { return [] }
            // An Obsidian comment may run across any number of blocks, and is cut out of the tree.
            if Self.find(Array("%%".utf8), in: line[...]) { return [] }
            if let open = fence {
                let run = rest.prefix { $0 == open.byte }.count
                if indent < 4, run >= open.count, rest.dropFirst(run).allSatisfy(Self.isSpace) { fence = nil }
            } else if let ends = htmlEnds {
                let lowered = Self.lowercased(line[...])
                if ends.contains(where: { Self.find($0, in: lowered[...]) }) { htmlEnds = nil }
            } else if indent < 4 {
                // Only a fence or an HTML block at the margin is surely not inside a list item
                // or an HTML block of its own; anything less certain leaves the document whole.
                if let opener = Self.fenceOpener(rest) {
                    if indent > 0 || tagSinceBlank { return [] }
                    fence = opener
                } else if let ends = Self.htmlBlockEnds(rest) {
                    if indent > 0 { return [] }
                    let lowered = Self.lowercased(rest)
                    if !ends.contains(where: { Self.find($0, in: lowered[...]) }) { htmlEnds = ends }
                } else if previousBlank, indent == 0, Self.isATXHeading(rest), offset - sectionStart >= size {
                    cuts.append((lineStart, lineNumber))
                    sectionStart = offset
                }
                if rest.first == UInt8(ascii: "<") { tagSinceBlank = true }
            }
            previousBlank = line.allSatisfy(Self.isSpace)
            if previousBlank { tagSinceBlank = false }
            offset += line.count + 1
            lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
        }
        return cuts
    }

    /// Whether `needle` occurs in `line` (the standard library's generic search is far slower).
    private static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>) -> Bool {
        guard let first = needle.first, line.count >= needle.count else { return false }
        var start = line.startIndex
        while let found = line[start...].firstIndex(of: first) {
            if line[found...].starts(with: needle) { return true }
            start = found + 1
        }
        return false
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Three or more backticks (with no backtick after them) or tildes.
    private static func fenceOpener(_ line: ArraySlice<UInt8>) -> (byte: UInt8, count: Int)? {
        guard let byte = line.first, byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") else { return nil }
        let run = line.prefix { $0 == byte }.count
        guard run >= 3, byte == UInt8(ascii: "~") || !line.dropFirst(run).contains(byte) else { return nil }
        return (byte, run)
    }

    private static func isATXHeading(_ line: ArraySlice<UInt8>) -> Bool {
        let hashes = line.prefix { $0 == UInt8(ascii: "#") }.count
        guard (1...6).contains(hashes) else { return false }
        return line.count == hashes || isSpace(line[line.startIndex + hashes])
    }

    /// The HTML blocks that may run over blank lines (CommonMark kinds 1 to 5): what ends them.
    private static func htmlBlockEnds(_ line: ArraySlice<UInt8>) -> [[UInt8]]? {
        guard line.first == UInt8(ascii: "<") else { return nil }
        let lowered = lowercased(line.prefix(12))
        for tag in ["script", "pre", "style", "textarea"] where lowered.starts(with: Array("<\(tag)".utf8)) {
            if let after = line.dropFirst(tag.count + 1).first, after != UInt8(ascii: ">"), !isSpace(after) {
                continue
            }
            return ["script", "pre", "style", "textarea"].map { Array("</\($0)>".utf8) }
        }
        let kinds: [(String, String)] = [("<!--", "-->"), ("<?", "?>"), ("<![cdata[", "]]>")]
        for (start, end) in kinds where lowered.starts(with: Array(start.utf8)) { return [Array(end.utf8)] }
        if lowered.starts(with: Array("<!".utf8)), lowered.count > 2, (97...122).contains(lowered[2]) {
            return [Array(">".utf8)]
        }
        return nil
    }

    static func lowercased(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }
}
