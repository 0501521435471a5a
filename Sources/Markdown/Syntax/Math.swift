import CCmarkGFM

/// Math as Obsidian and MkDocs write it, taken out while cmark parses, so that neither cmark's
/// inline rules (`\{`, `\,`, `\\`, `*`, `_`) nor kb's later passes (mentions, wikilinks, tags,
/// highlights, comments, which all read text nodes) ever see the TeX:
///
/// - `$…$` is inline math: no space, tab or line end just inside either `$`, and a closing `$`
///   followed by a digit does not close (`$5 and $6` is text). `\$` is a dollar.
/// - `$$…$$` is display math, across lines of its paragraph too.
/// - `\(…\)` is inline math (MkDocs' arithmatex).
/// - A line that opens with `$$` or `\[` starts a block of display math that ends at the first line
///   holding `$$` or `\]`, before any blank line; its lines are never read as Markdown (a `=` or
///   `- x` inside is TeX, not a heading or a list). Else `$$` lines are text of their paragraph,
///   and `\[` is only an escaped bracket, as in MkDocs.
/// - Code spans and fenced code keep every `$`: cmark reads them first, and a backtick inside a
///   formula's span makes it no formula.
///
/// An inline formula is a `CMARK_NODE_HTML_INLINE` whose literal is its `MathMarkup` mark (raw
/// HTML nodes are what GFM table cells accept, and no text pass reads them); a block is a custom
/// block holding the mark. Both carry this extension, which tells them from the author's HTML,
/// and their position as user data: cmark's API sets no position on a node an extension makes.
enum MathSyntax {
    /// Made once and never freed: parsers keep pointers to it. Only its initialiser writes it; cmark
    /// then only reads it (attaching it to a parser adds it to the parser's own list), so tasks may
    /// share it.
    nonisolated(unsafe) static let syntaxExtension: OpaquePointer = {
        let made = cmark_syntax_extension_new("kb-math")!
        cmark_syntax_extension_set_match_inline_func(made, matchInline)
        // Text stops at `$`, so that `matchInline` is offered every one.
        let dollar = UnsafeMutableRawPointer(bitPattern: Int(UInt8(ascii: "$")))
        cmark_syntax_extension_set_special_inline_chars(
            made, cmark_llist_append(cmark_get_default_mem_allocator(), nil, dollar))
        cmark_syntax_extension_set_open_block_func(made, openBlock)
        cmark_syntax_extension_set_match_block_func(made, matchBlock)
        // cmark asks every node of an extension its type's name (XML, debugging) without checking.
        cmark_syntax_extension_set_get_type_string_func(made) { _, _ in
            UnsafeRawPointer(("math" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
        }
        return made
    }()

    /// The state of the parse under way. Written by `prepare` and read by the callbacks, which
    /// cmark calls only from `cmark_parser_feed` and `cmark_parser_finish`: all three run only
    /// while `MarkdownDocument`'s parse lock is held, which serialises every parse of the process.
    nonisolated(unsafe) static var openersOfThisParse: Set<Int32> = []
    nonisolated(unsafe) static var lineMemo = LineMemo()

    /// Called with the parse lock held, before `parser` reads `text`.
    static func prepare(_ parser: OpaquePointer, blockOpeners openers: Set<Int32>) {
        openersOfThisParse = openers
        lineMemo = LineMemo()
        // cmark forgets this after every document it finishes.
        cmark_parser_set_backslash_ispunct_func(parser, backslashEscapes)
    }

    /// cmark's backslash escapes but `\(` and `\)`: their backslash stays a text node of its own,
    /// so that `matchInline` is offered the parenthesis after it.
    private static let backslashEscapes: cmark_ispunct_func = { character in
        let byte = UInt8(bitPattern: character)
        return byte != UInt8(ascii: "(") && byte != UInt8(ascii: ")") && isASCIIPunctuation(byte) ? 1 : 0
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }

    // MARK: Inline formulas

    private static let matchInline: cmark_match_inline_func = { _, _, parent, character, subject in
        guard let parent, let subject else { return nil }
        let text = Subject(pointer: subject)
        switch character {
        case UInt8(ascii: "$"): return dollars(text, parent)
        case UInt8(ascii: "("), UInt8(ascii: ")"): return parenthesis(character, text, parent)
        default: return nil
        }
    }

    /// The paragraph (or heading, or table cell) cmark is reading inlines of.
    private struct Subject {
        let pointer: OpaquePointer
        subscript(position: Int) -> UInt8 {
            // cmark answers 0 past the end; NUL itself never reaches it (it becomes U+FFFD).
            position < 0 ? 0 : cmark_inline_parser_peek_at(pointer, Int32(clamping: position))
        }
        var offset: Int { Int(cmark_inline_parser_get_offset(pointer)) }
    }

    private static func dollars(_ text: Subject, _ parent: OpaquePointer) -> OpaquePointer? {
        let start = text.offset
        if text[start + 1] == UInt8(ascii: "$") {
            guard let close = closingDollars(text, from: start + 2, display: true),
                !isBlank(text, start + 2..<close)
            else { return nil }
            return formulaNode(text, parent, start: start, content: start + 2..<close, end: close + 2, .display)
        }
        guard !isSpace(text[start + 1]), let close = closingDollars(text, from: start + 1, display: false) else {
            return nil
        }
        return formulaNode(text, parent, start: start, content: start + 1..<close, end: close + 1, .inline)
    }

    /// Where the `$` or `$$` that closes a formula begins. A backslash escapes the next byte, as in
    /// TeX; a backtick ends the search, since code spans go first.
    private static func closingDollars(_ text: Subject, from start: Int, display: Bool) -> Int? {
        var position = start
        while true {
            switch text[position] {
            case 0, UInt8(ascii: "`"):
                return nil
            case UInt8(ascii: "\\"):
                guard text[position + 1] != 0 else { return nil }
                position += 2
            case UInt8(ascii: "$") where display:
                if text[position + 1] == UInt8(ascii: "$") { return position }
                position += 1
            case UInt8(ascii: "$"):
                // Inline math holds no `$` of its own: the first one closes it or nothing does.
                let digitAfter = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position + 1])
                return isSpace(text[position - 1]) || digitAfter ? nil : position
            default:
                position += 1
            }
        }
    }

    /// `\(…\)`. cmark made the backslash before this parenthesis a text node of its own (see
    /// `backslashEscapes`); a parenthesis that opens no formula, or closes none, takes its place,
    /// escaped as cmark would have it.
    private static func parenthesis(_ character: UInt8, _ text: Subject, _ parent: OpaquePointer) -> OpaquePointer? {
        let start = text.offset
        var backslashes = 0
        while text[start - 1 - backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
        guard backslashes % 2 == 1, let backslash = cmark_node_last_child(parent),
            cmark_node_get_type(backslash) == CMARK_NODE_TEXT,
            cmark_node_get_literal(backslash).map({ String(cString: $0) }) == "\\"
        else { return nil }
        if character == UInt8(ascii: "("), let close = closingParenthesis(text, from: start + 1),
            !isBlank(text, start + 1..<close)
        {
            let node = formulaNode(text, parent, start: start - 1, content: start + 1..<close, end: close + 2, .inline)
            cmark_node_free(backslash)
            return node
        }
        cmark_node_set_literal(backslash, character == UInt8(ascii: "(") ? "(" : ")")
        cmark_inline_parser_set_offset(text.pointer, Int32(start + 1))
        // cmark appends what it is given: the node it already holds stays where it is.
        return backslash
    }

    /// Where the `\)` that closes `\(` stands. A second `\(` ends the search, so that a paragraph of
    /// unclosed ones is read once, not once for each.
    private static func closingParenthesis(_ text: Subject, from start: Int) -> Int? {
        var position = start
        while true {
            switch text[position] {
            case 0, UInt8(ascii: "`"):
                return nil
            case UInt8(ascii: "\\"):
                switch text[position + 1] {
                case UInt8(ascii: ")"): return position
                case 0, UInt8(ascii: "("): return nil
                default: position += 2
                }
            default:
                position += 1
            }
        }
    }

    private static func isBlank(_ text: Subject, _ range: Range<Int>) -> Bool {
        range.allSatisfy { isSpace(text[$0]) }
    }

    private static func formulaNode(
        _ text: Subject, _ parent: OpaquePointer, start: Int, content: Range<Int>, end: Int,
        _ layout: MathFormula.Layout
    ) -> OpaquePointer {
        let tex = String(decoding: content.map { text[$0] }, as: UTF8.self).trimmingASCIISpaces
        let node = cmark_node_new(CMARK_NODE_HTML_INLINE)!
        cmark_node_set_literal(node, MathMarkup.mark(MathFormula(tex: tex, layout: layout)))
        cmark_node_set_syntax_extension(node, syntaxExtension)
        let (line, column) = position(of: start, in: text, parent)
        setPosition(of: node, line: line, column: column)
        cmark_inline_parser_set_offset(text.pointer, Int32(end))
        return node
    }

    /// Line ends read so far in one inline container, so that positions in a long paragraph of
    /// formulas are counted once, not from its start for each.
    struct LineMemo {
        var container: OpaquePointer?
        var scanned = 0
        var lineEnds = 0
        var lineStart = 0
    }

    /// The line and byte column of `offset`, as cmark counts them for its own inlines. cmark's
    /// inline parser counts only the line ends it reads itself, not those inside a formula.
    private static func position(of offset: Int, in text: Subject, _ container: OpaquePointer) -> (Int32, Int32) {
        if lineMemo.container != container || lineMemo.scanned > offset { lineMemo = LineMemo(container: container) }
        var memo = lineMemo
        while memo.scanned < offset {
            if text[memo.scanned] == UInt8(ascii: "\n") {
                memo.lineEnds += 1
                memo.lineStart = memo.scanned + 1
            }
            memo.scanned += 1
        }
        lineMemo = memo
        if memo.lineEnds == 0 {
            let column = Int(cmark_inline_parser_get_column(text.pointer)) - (text.offset - offset)
            return (Int32(cmark_inline_parser_get_line(text.pointer)), Int32(clamping: column))
        }
        // cmark's rule for a later line of a paragraph: its container's indentation, then the byte.
        let column = offset - memo.lineStart + Int(cmark_node_get_start_column(container))
        return (cmark_node_get_start_line(container) + Int32(clamping: memo.lineEnds), Int32(clamping: column))
    }

    static func setPosition(of node: OpaquePointer, line: Int32, column: Int32) {
        let packed = Int(line) << 32 | Int(UInt32(bitPattern: column))
        cmark_node_set_user_data(node, UnsafeMutableRawPointer(bitPattern: packed))
    }

    static func position(of node: OpaquePointer) -> (line: Int32, column: Int32) {
        let packed = Int(bitPattern: cmark_node_get_user_data(node))
        return (Int32(truncatingIfNeeded: packed >> 32), Int32(truncatingIfNeeded: packed))
    }

}

extension MarkdownDocument {
    /// A formula node, told without reading its mark.
    func isFormula(_ node: OpaquePointer) -> Bool {
        cmark_node_get_syntax_extension(node) == MathSyntax.syntaxExtension
    }

    /// The formula a node of the tree stands for, if it is one.
    func formula(of node: OpaquePointer) -> MathFormula? {
        guard cmark_node_get_syntax_extension(node) == MathSyntax.syntaxExtension else { return nil }
        let mark: UnsafePointer<CChar>?
        switch cmark_node_get_type(node) {
        case CMARK_NODE_HTML_INLINE: mark = cmark_node_get_literal(node)
        case CMARK_NODE_CUSTOM_BLOCK: mark = cmark_node_get_on_enter(node)
        default: return nil
        }
        return mark.flatMap { MathMarkup.formula(inMark: String(cString: $0).utf8) }
    }

    /// The formulas of the document, in order, with the position of each opening `$` or `\`. Ask
    /// before `prepareForWeb`, which turns headings and what they hold into HTML.
    public func formulas() -> [PlacedFormula] {
        var found: [PlacedFormula] = []
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), let formula = formula(of: node)
            else { continue }
            let (line, column) = MathSyntax.position(of: node)
            found.append(
                PlacedFormula(
                    formula: formula, line: Int(line) + firstLine - 1,
                    byteColumn: Int(column) + (sourceColumns.lines[line] ?? 0)))
        }
        return found
    }

    /// Each block the parser read as math becomes a custom block holding its mark. One that never
    /// met its closing line (its quote or list ended first) shows its lines as they are.
    func convertMathBlocks() {
        var blocks: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK,
                cmark_node_get_syntax_extension(node) == MathSyntax.syntaxExtension
            {
                blocks.append(node)
            }
        }
        cmark_iter_free(iterator)
        for block in blocks {
            let source = Array(literal(block).utf8)
            let fence: MathSyntax.Fence = source.first == UInt8(ascii: "$") ? .dollars : .brackets
            let close = source.withUnsafeBufferPointer { fence.closer(in: $0, from: 2) }
            let replacement: OpaquePointer
            var after: String?
            if let close, source[2..<close].contains(where: { !MathSyntax.isSpace($0) }) {
                let tex = String(decoding: source[2..<close], as: UTF8.self).trimmingASCIISpaces
                replacement = customBlock(enter: MathMarkup.mark(MathFormula(tex: tex, layout: .block)), exit: "")
                cmark_node_set_syntax_extension(replacement, MathSyntax.syntaxExtension)
                MathSyntax.setPosition(
                    of: replacement, line: cmark_node_get_start_line(block), column: cmark_node_get_start_column(block))
                let rest = String(decoding: source[(close + 2)...], as: UTF8.self)
                if rest.contains(where: { !$0.isWhitespace }) { after = rest.trimmingSpaces }
            } else {
                replacement = cmark_node_new(CMARK_NODE_PARAGRAPH)!
                cmark_node_append_child(replacement, makeText(String(decoding: source, as: UTF8.self).trimmingSpaces))
            }
            cmark_node_insert_before(block, replacement)
            if let after {
                // What follows the closing `$$` on its line (`$$.`) is a paragraph of its own.
                let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)!
                cmark_node_append_child(paragraph, makeText(after))
                cmark_node_insert_after(replacement, paragraph)
            }
            cmark_node_free(block)
        }
    }
}

extension String {
    /// TeX's spaces, which are ASCII.
    fileprivate var trimmingASCIISpaces: String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !MathSyntax.isSpace($0) }),
            let last = bytes.lastIndex(where: { !MathSyntax.isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    fileprivate var trimmingSpaces: String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
