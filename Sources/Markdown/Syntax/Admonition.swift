import CCmarkGFM

/// The first line of a MkDocs Material admonition: `!!! note "Title"` (always open), `??? note`
/// (folded), `???+ note` (folding, open), with Python-Markdown's rules: one or more words, the
/// first of which is the type, then an optional title in double quotes, then nothing.
///
/// kb draws admonitions as callouts. Before the parse it keeps, it writes each again in callout
/// syntax, line for line (`!!! tip "T"` → `> # [!tip] T`, a body line `    x` → `> x`), so that cmark
/// reads the body as any other Markdown, and `renderCallouts` renders both alike.
struct Admonition {
    /// `-` for folded, `+` for folding and open, "" for not folding: as in a callout's marker.
    var fold: String
    var type: Substring
    /// nil without a title; empty for `""`, which asks for no title bar.
    var title: Substring?
    /// Where the title starts, in bytes from the first `!` or `?`.
    var titleOffset = 0

    init?(_ line: Substring) {
        let markers = [("???+", "+"), ("???", "-"), ("!!!", ""), ("===+", ""), ("===", "")]
        guard let (marker, fold) = markers.first(where: { line.hasPrefix($0.0) }) else { return nil }
        self.fold = fold
        var rest = line.dropFirst(marker.count)
        if rest.first == " " { rest = rest.dropFirst() }
        var words = 0
        var spaced = false
        var type: Substring = ""
        // MkDocs Material's content tabs, `=== "C++"`, hold a body as admonitions do and have a
        // title but no type: each is shown as a callout of type `tab`, one after the other.
        let isTab = marker.hasPrefix("===")
        if isTab {
            type = "tab"
            words = 1
            spaced = true
        }
        while !isTab {
            let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            guard !word.isEmpty, words == 0 || spaced else { break }
            if words == 0 { type = word }
            words += 1
            rest = rest[word.endIndex...]
            let spaces = rest.prefix { $0 == " " }
            spaced = !spaces.isEmpty
            rest = rest[spaces.endIndex...]
        }
        guard words > 0 else { return nil }
        self.type = type
        if rest.first == "\"" {
            let quoted = rest.dropFirst()
            guard spaced, let close = quoted.lastIndex(of: "\""),
                quoted[quoted.index(after: close)...].allSatisfy(\.isTrailingSpace)
            else { return nil }
            title = quoted[..<close]
            titleOffset = line.utf8.distance(from: line.startIndex, to: quoted.startIndex)
        } else {
            guard !isTab, rest.allSatisfy(\.isTrailingSpace) else { return nil }
        }
    }

    /// A callout's marker in a heading, `> # [!type]±`, then the title: a heading, unlike the
    /// first line of a paragraph, cannot run on into the body's first line, which is then read as
    /// the start of a document, as Python-Markdown reads it.
    var calloutMarker: String {
        "> # [!\(type)]\(fold)"
    }

    /// A cheap look before walking a tree: most notes have no `!!!`, `???` or `===` at all.
    static func mayOccur<Text: StringProtocol>(in text: Text) -> Bool {
        // Over contiguous bytes: a generic walk of `utf8` cost a tenth of a vault's render.
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var run = 0
            var last: UInt8 = 0
            for byte in bytes {
                if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "=") {
                    run = byte == last ? run + 1 : 1
                    if run == 3 { return true }
                } else {
                    run = 0
                }
                last = byte
            }
            return false
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(scan) { return found }
        var copy = String(text)
        return copy.withUTF8(scan)
    }
}

extension Character {
    fileprivate var isTrailingSpace: Bool { self == " " || self == "\t" || self == "\r" }
}

/// A text with its admonitions written as callouts, line for line.
struct AdmonitionRewrite {
    var lines: [Substring]
    /// Per line, bytes to add to a column in the new text to find the author's.
    var shifts: [Int]
    /// The marker lines of admonitions, and of those titled `""`, counted from 0.
    var markers: [Int] = []
    var untitled: [Int] = []
    /// Each admonition's marker line and its body's last line, counted from 0.
    var bodies: [(marker: Int, end: Int)] = []
    /// Lazy lines whose columns `endBodies` set right, counted from 1.
    private var correctedLines: Set<Int> = []

    var text: String { lines.joined(separator: "\n") }

    /// The shifts by line as cmark counts lines, from 1, where there are any.
    var lineShifts: [Int32: Int] {
        var shifted: [Int32: Int] = [:]
        for (line, shift) in shifts.enumerated() where shift != 0 { shifted[Int32(line + 1)] = shift }
        return shifted
    }

    private init(lines: [Substring]) {
        self.lines = lines
        shifts = Array(repeating: 0, count: lines.count)
    }

    /// The rewrite of `text`, whose parse is `tree`; nil when it holds no admonition. `parse`
    /// reads an admonition's body on its own, to find the admonitions nested in it.
    init?<Text: StringProtocol>(_ text: Text, tree: OpaquePointer, parse: (String) -> OpaquePointer) {
        let candidates = Self.candidates(in: tree)
        guard !candidates.isEmpty else { return nil }
        self.init(source: Self.lines(of: String(text)), candidates: candidates, depth: 1, parse: parse)
        if bodies.isEmpty { return nil }
    }

    /// Each level of nesting parses its bodies again, so a note made of admonitions nested
    /// hundreds deep would take time in the square of its length; past this depth the markers stay
    /// text. MkDocs sites nest two or three.
    private static let deepest = 8

    private init(source: [Substring], candidates: [Int], depth: Int, parse: (String) -> OpaquePointer) {
        self.init(lines: source)
        var next = 0
        for index in candidates where index >= next && index < source.count {
            let line = source[index]
            let column = line.utf8.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let start = line.utf8.index(line.startIndex, offsetBy: column)
            guard let admonition = Admonition(line[start...]) else { continue }
            let indent = Self.width(of: line.utf8.prefix(column))
            var end = index
            var cursor = index + 1
            while cursor < source.count {
                if !Self.isBlank(source[cursor]) {
                    guard Self.width(of: source[cursor].utf8.prefix { $0 == 0x20 || $0 == 0x09 }) >= indent + 4
                    else { break }
                    end = cursor
                }
                cursor += 1
            }
            let body = source[(index + 1)..<(end + 1)].map { Dedented($0, by: indent + 4) }
            var inner = AdmonitionRewrite(lines: body.map(\.text))
            let bodyText = inner.text
            if depth < Self.deepest, Admonition.mayOccur(in: bodyText) {
                let bodyTree = parse(bodyText)
                let nested = Self.candidates(in: bodyTree)
                cmark_node_free(bodyTree)
                if !nested.isEmpty {
                    inner = AdmonitionRewrite(source: inner.lines, candidates: nested, depth: depth + 1, parse: parse)
                }
            }

            let prefix = line[..<start]
            var marker = String(prefix) + admonition.calloutMarker
            if let title = admonition.title, !title.isEmpty {
                marker += " "
                shifts[index] = column + admonition.titleOffset - marker.utf8.count
                // A heading would take a run of `#` at its end for a closing sequence.
                let closing = title.reversed().prefix { $0 == "#" }.count
                marker += title.dropLast(closing)
                if closing > 0 { marker += "\\" + title.suffix(closing) }
            }
            lines[index] = Substring(marker)
            markers.append(index)
            if admonition.title?.isEmpty == true { untitled.append(index) }
            bodies.append((index, end))
            let pad = String(repeating: " ", count: indent)
            for (offset, text) in inner.lines.enumerated() {
                let number = index + 1 + offset
                if text.isEmpty {
                    lines[number] = Substring(pad + ">")
                } else {
                    lines[number] = Substring(pad + "> " + text)
                    shifts[number] = inner.shifts[offset] + body[offset].removed - body[offset].added - indent - 2
                }
            }
            markers += inner.markers.map { $0 + index + 1 }
            untitled += inner.untitled.map { $0 + index + 1 }
            bodies += inner.bodies.map { ($0.marker + index + 1, $0.end + index + 1) }
            next = end + 1
        }
    }

    /// The lines, counted from 0, that start with `!!!` or `???` in a paragraph outside quotes:
    /// at the start of the paragraph or after a line break in it, where Python-Markdown finds them
    /// too. The tree keeps code and HTML out.
    private static func candidates(in tree: OpaquePointer) -> [Int] {
        var lines: [Int] = []
        var quoteDepth = 0
        let iterator = cmark_iter_new(tree)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_BLOCK_QUOTE:
                quoteDepth += event == CMARK_EVENT_ENTER ? 1 : -1
            case CMARK_NODE_TEXT where quoteDepth == 0:
                guard let parent = cmark_node_parent(node), cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH
                else { continue }
                if let previous = cmark_node_previous(node),
                    cmark_node_get_type(previous) != CMARK_NODE_SOFTBREAK,
                    cmark_node_get_type(previous) != CMARK_NODE_LINEBREAK
                {
                    continue
                }
                guard let literal = cmark_node_get_literal(node).map(String.init(cString:)),
                    literal.hasPrefix("!!!") || literal.hasPrefix("???") || literal.hasPrefix("===")
                else { continue }
                lines.append(Int(cmark_node_get_start_line(node)) - 1)
            default:
                break
            }
        }
        return lines.sorted()
    }

    /// Lines as cmark counts them: a line ends at LF, CR or CRLF.
    private static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var cursor = start
        while cursor != utf8.endIndex {
            let byte = utf8[cursor]
            guard byte == 0x0A || byte == 0x0D else {
                cursor = utf8.index(after: cursor)
                continue
            }
            lines.append(Substring(utf8[start..<cursor]))
            cursor = utf8.index(after: cursor)
            if byte == 0x0D, cursor != utf8.endIndex, utf8[cursor] == 0x0A { cursor = utf8.index(after: cursor) }
            start = cursor
        }
        lines.append(Substring(utf8[start...]))
        return lines
    }

    private static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Columns of leading spaces and tabs, with tab stops every 4 as in cmark.
    fileprivate static func width(of whitespace: Substring.UTF8View.SubSequence) -> Int {
        whitespace.reduce(0) { column, byte in byte == 0x09 ? column + 4 - column % 4 : column + 1 }
    }

    /// A body line without the admonition's indentation. What indentation is left becomes spaces:
    /// a tab's width depends on the column it starts at, which the line's new prefix moves (and
    /// Python-Markdown expands tabs too).
    private struct Dedented {
        var text: Substring
        /// Bytes of leading whitespace taken off, and spaces put back.
        var removed: Int
        var added: Int

        init(_ line: Substring, by columns: Int) {
            let whitespace = line.utf8.prefix { $0 == 0x20 || $0 == 0x09 }
            removed = whitespace.count
            added = max(AdmonitionRewrite.width(of: whitespace) - columns, 0)
            text = Substring(String(repeating: " ", count: added) + line[whitespace.endIndex...])
        }
    }

    /// Python-Markdown ends a body at the first line indented less, but cmark lets such a line
    /// go on the body's last paragraph (a lazy continuation): move it out, after the callout.
    mutating func endBodies(in tree: OpaquePointer) {
        let ends = Dictionary(bodies.map { (Int32($0.marker + 1), Int32($0.end + 1)) }, uniquingKeysWith: max)
        var quotes: [OpaquePointer] = []
        let iterator = cmark_iter_new(tree)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE, ends[cmark_node_get_start_line(node)] != nil
            else { continue }
            quotes.append(node)
        }
        cmark_iter_free(iterator)
        // Inner callouts first: what leaves one may still belong to the body around it.
        for quote in quotes.reversed() {
            let end = ends[cmark_node_get_start_line(quote)]!
            guard Int(end) < lines.count, !Self.isBlank(lines[Int(end)]) else { continue }
            var container = quote
            while let last = cmark_node_last_child(container) {
                let type = cmark_node_get_type(last)
                if type == CMARK_NODE_PARAGRAPH {
                    move(linesAfter: end, of: last, after: quote)
                    break
                }
                guard type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM else {
                    break
                }
                container = last
            }
        }
    }

    private mutating func move(linesAfter end: Int32, of paragraph: OpaquePointer, after quote: OpaquePointer) {
        var child = cmark_node_first_child(paragraph)
        while let node = child, cmark_node_get_start_line(node) <= end {
            child = cmark_node_next(node)
        }
        guard let first = child else { return }
        let lineBreak = cmark_node_previous(first)
        if let lineBreak {
            let type = cmark_node_get_type(lineBreak)
            guard type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK else { return }
        }
        // cmark counts the columns of a paragraph's later lines from where its first line starts,
        // which a lazy line does not share: each moved line is set right by its first node.
        var lineStart: OpaquePointer? = first
        while let node = lineStart {
            let line = Int(cmark_node_get_start_line(node))
            if line > 0, line <= lines.count, correctedLines.insert(line).inserted {
                let content = lines[line - 1].utf8.prefix { $0 == 0x20 || $0 == 0x09 || $0 == UInt8(ascii: ">") }
                shifts[line - 1] += content.count + 1 - Int(cmark_node_get_start_column(node))
            }
            lineStart = Self.nextLine(after: node)
        }
        guard let lineBreak else {
            cmark_node_insert_after(quote, paragraph)
            return
        }
        // The paragraph left behind may open a callout, which frees it.
        let moved = cmark_node_new(CMARK_NODE_PARAGRAPH)!
        while let node = cmark_node_next(lineBreak) {
            MarkdownDocument.ownText(node)
            cmark_node_append_child(moved, node)
        }
        cmark_node_free(lineBreak)
        cmark_node_insert_after(quote, moved)
    }

    /// The first node after the next line break among `node`'s siblings.
    private static func nextLine(after node: OpaquePointer) -> OpaquePointer? {
        var sibling = cmark_node_next(node)
        while let current = sibling {
            let type = cmark_node_get_type(current)
            sibling = cmark_node_next(current)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK { return sibling }
        }
        return nil
    }
}
