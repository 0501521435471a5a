import CCmarkGFM

/// Fenced code that names its language: a ` ```mermaid ` block is a diagram, drawn in the browser
/// from its source; any other language is a mark (`CodeMarkup`) that Typeset replaces with the
/// highlighted code, or with cmark's own `<pre><code class="language-…">` where nothing highlights.
public struct CodeBlock: Sendable, Hashable {
    /// The first word of the info string, as written: cmark's `language-…` class uses it so.
    public var language: String
    public var code: String

    public init(language: String, code: String) {
        self.language = language
        self.code = code
    }

    /// Mermaid's own name for its fences, in any case, as Obsidian and GitHub read them.
    public var isDiagram: Bool { language.lowercased() == "mermaid" }
}

/// A code block and the line its fence opens on.
public struct PlacedCodeBlock: Sendable, Hashable {
    public var block: CodeBlock
    /// In the whole document, 1-based; the column counted in UTF-8 bytes.
    public var line: Int
    public var byteColumn: Int
}

/// How a code block stands in the HTML until Typeset highlights it: U+0004, the language and the
/// code, each escaped for HTML and parted by a space (a language has none), and U+0005. As with
/// `MathMarkup`, `SourceText` replaces both controls in every file kb reads, so a mark is kb's own.
public enum CodeMarkup {
    static let open: UInt8 = 0x04
    static let close: UInt8 = 0x05

    static func mark(_ block: CodeBlock) -> String {
        // Looked for on the bytes first: mapping every scalar of every block was a twentieth of
        // rendering a vault of 20,000 code blocks, to find none.
        let code =
            block.code.utf8.contains { $0 == open || $0 == close }
            ? String(block.code.unicodeScalars.map { $0.value == 4 || $0.value == 5 ? "\u{FFFD}" : Character($0) })
            : block.code
        return "\u{4}" + block.language.htmlEscaped + " " + code.htmlEscaped + "\u{5}"
    }

    /// Whether `html` holds code still to highlight.
    public static func containsMarks(_ html: String) -> Bool {
        MathMarkup.holds(open, html)
    }

    /// `html` with each mark replaced by what `render` makes of its block; a stray control is dropped.
    public static func replacingMarks(in html: String, _ render: (CodeBlock) -> String) -> String {
        guard containsMarks(html) else { return html }
        return MathMarkup.replacing(in: html, open: open, close: close) { mark in
            let body = mark.dropFirst().dropLast()
            guard let space = body.firstIndex(of: UInt8(ascii: " ")) else { return nil }
            let language = MathMarkup.unescaped(String(decoding: body[..<space], as: UTF8.self))
            let code = MathMarkup.unescaped(String(decoding: body[body.index(after: space)...], as: UTF8.self))
            return render(CodeBlock(language: language, code: code))
        }
    }

    /// The block as cmark renders it, for a reader where nothing highlights it (the line end
    /// after it is cmark's, which ends the custom block holding the mark).
    public static func plain(_ block: CodeBlock) -> String {
        "<pre><code class=\"language-\(cmarkEscaped(block.language))\">\(cmarkEscaped(block.code))</code></pre>"
    }

    /// A diagram: its source, which mermaid reads from the element's text.
    static func diagram(_ block: CodeBlock) -> String {
        "<pre class=\"mermaid\">\(cmarkEscaped(block.code))</pre>\n"
    }

    /// As cmark escapes text: `'` stays, so that a block no highlighter touches is byte for byte
    /// cmark's. (`&` is escaped first, so every `&#39;` stands for a `'`.)
    public static func cmarkEscaped(_ text: String) -> String {
        text.htmlEscaped.replacingOccurrences(of: "&#39;", with: "'")
    }
}

extension MarkdownDocument {
    /// Each fenced block with a language becomes a custom block holding a diagram or a mark; called
    /// by `prepareForWeb`, after every pass that reads code blocks as they are (comments, embeds).
    /// Returns the blocks turned into marks, diagrams included.
    func markFencedCode() -> [PlacedCodeBlock] {
        var found: [(OpaquePointer, PlacedCodeBlock)] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK, isFenced(node),
                let info = cmark_node_get_fence_info(node)
            else { continue }
            let language = String(cString: info).split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
            guard !language.isEmpty else { continue }
            let line = cmark_node_get_start_line(node)
            found.append(
                (
                    node,
                    PlacedCodeBlock(
                        block: CodeBlock(language: language, code: literal(node)), line: Int(line) + firstLine - 1,
                        byteColumn: sourceColumns.column(of: node))
                ))
        }
        cmark_iter_free(iterator)
        for (node, placed) in found {
            let html = placed.block.isDiagram ? CodeMarkup.diagram(placed.block) : CodeMarkup.mark(placed.block)
            let block = customBlock(enter: html, exit: "")
            cmark_node_insert_before(node, block)
            codeBlockTexts[block] = placed.block.code
            cmark_node_free(node)
        }
        return found.map(\.1)
    }

    private func isFenced(_ node: OpaquePointer) -> Bool {
        var length: Int32 = 0
        var offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(node, &length, &offset, &character) != 0
    }
}
