import CCmarkGFM
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libcmark-gfm 0.29.0.gfm.6 flips process-wide special-character tables while it parses inlines
/// (upstream cmark-gfm PR #176), so two parses must never overlap: concurrent parses silently
/// drop strikethrough and autolinks. Everything after the parse touches only the document's own
/// nodes and runs in parallel.
private let parseLock = Mutex<Void>(())

/// Registration writes a global registry; a Swift global is initialised exactly once, before the
/// first parse can use it.
private let coreExtensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

/// GFM's tag filter escapes `<iframe>`, `<style>`, `<script>` and a few more at render time; kb
/// uses it only for trusted HTML, where libcmark-gfm would: sanitized HTML holds none of them
/// but the frames the sanitizer allowed.
private let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

/// A parsed GFM document: the only type in kb that holds cmark pointers.
///
/// Use it as `parse → rewriteText → prepareForWeb → html`. It is not Sendable: one task owns a
/// document from parse to render.
public final class MarkdownDocument {
    /// The version of libcmark-gfm this process loaded: another one may render other HTML.
    public static let libraryVersion = String(cString: cmark_version_string())

    private let parser: OpaquePointer
    let root: OpaquePointer
    private let parseOptions: Int32
    /// The text of the headings `prepareForWeb` replaced by custom blocks of HTML.
    private var anchoredHeadingTexts: [OpaquePointer: String] = [:]
    /// The code of the fenced blocks `prepareForWeb` replaced by diagrams and marks, for `text()`.
    var codeBlockTexts: [OpaquePointer: String] = [:]
    /// The fenced blocks with a language, diagrams included, found by `prepareForWeb`.
    public internal(set) var codeBlocks: [PlacedCodeBlock] = []
    /// The blocks `assignBlockIDs` gave an id, for embedding one.
    var blocksByID: [String: OpaquePointer] = [:]
    /// The HTML ids of paragraphs, written by `prepareForWeb`.
    var paragraphIDs: [OpaquePointer: String] = [:]
    /// Where the text starts in the whole document, when it is one of its `MarkdownSections`.
    let firstLine: Int
    /// Where text now sits away from the column its author wrote it at.
    var sourceColumns = SourceColumns()
    /// The lines that start admonitions, written as callouts, and those of admonitions titled
    /// `""`, which get no title bar.
    var admonitionLines: Set<Int32> = []
    var untitledAdmonitionLines: Set<Int32> = []

    public init<Text: StringProtocol>(
        _ markdown: Text, options: MarkdownOptions = MarkdownOptions(), firstLine: Int = 1
    ) {
        _ = coreExtensionsRegistered
        self.firstLine = firstLine
        parseOptions = CMARK_OPT_FOOTNOTES
        let parser = cmark_parser_new(parseOptions)!
        self.parser = parser
        // Math first: the table extension takes every line that continues a paragraph, so that
        // no extension after it may open a block there.
        let math = options.math
        if math { cmark_parser_attach_syntax_extension(parser, MathSyntax.syntaxExtension) }
        for name in extensionNames + (options.rawHTML == .trusted ? ["tagfilter"] : []) {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        var tree = Self.parse(markdown, with: parser, math: math)
        if Admonition.mayOccur(in: markdown),
            var rewrite = AdmonitionRewrite(markdown, tree: tree, parse: { Self.parse($0, with: parser, math: math) })
        {
            cmark_node_free(tree)
            tree = Self.parse(rewrite.text, with: parser, math: math)
            rewrite.endBodies(in: tree)
            sourceColumns = SourceColumns(lines: rewrite.lineShifts)
            admonitionLines = Set(rewrite.markers.map { Int32($0 + 1) })
            untitledAdmonitionLines = Set(rewrite.untitled.map { Int32($0 + 1) })
        }
        root = tree
        if math { convertMathBlocks() }
        switch options.rawHTML {
        case .omitted:
            neutralizeRawHTML()
            neutralizeURLs()
        case .sanitized:
            sanitizeRawHTML(HTMLSanitizer(iframeHosts: options.iframeHosts))
            neutralizeURLs()
        case .trusted:
            break
        }
        removeComments()
    }

    /// cmark's parser starts afresh after each document it finishes.
    private static func parse<Text: StringProtocol>(_ markdown: Text, with parser: OpaquePointer, math: Bool)
        -> OpaquePointer
    {
        let mathBlockOpeners = math ? MathSyntax.blockOpeners(in: markdown) : []
        var parsed: OpaquePointer?
        parseLock.withLock { _ in
            if math { MathSyntax.prepare(parser, blockOpeners: mathBlockOpeners) }
            // The byte count, not strlen: a NUL inside the text must not cut it short.
            let length = markdown.utf8.count
            markdown.withCString { cmark_parser_feed(parser, $0, length) }
            parsed = cmark_parser_finish(parser)
        }
        // cmark returns NULL only when allocation fails; an empty document is the honest stand-in.
        return parsed ?? cmark_node_new(CMARK_NODE_DOCUMENT)
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// The HTML of the document as it stands, each formula a `MathMarkup` mark until it is typeset.
    /// `backToContent` names a footnote's link back to its reference for screen readers, in place
    /// of cmark's English; `task` names a task's checkbox, which cmark leaves without a name.
    public func html(backToContent: String? = nil, task: String? = nil) -> String {
        var html = render(root)
        if let task {
            // As the footnote's label below: cmark writes these exact tags in its task list
            // renderer, and text cannot hold them (cmark escapes its quotes).
            let named = " aria-label=\"" + task.htmlEscaped + "\" />"
            html = html.replacingBytes(Self.taskCheckbox, with: String(Self.taskCheckbox.dropLast(3)) + named)
                .replacingBytes(Self.doneTaskCheckbox, with: String(Self.doneTaskCheckbox.dropLast(3)) + named)
        }
        guard let backToContent, backToContent != Self.cmarkBackToContent else { return html }
        // cmark writes the label as a constant in its footnote renderer, with no option or node
        // for it, so it is changed in the exact attribute cmark writes. Text cannot hold it (cmark
        // escapes its quotes); raw HTML can only where the site allows it, and then gets the same.
        return html.replacingBytes(
            Self.backReferenceLabel, with: "data-footnote-backref aria-label=\"" + backToContent.htmlEscaped + "\"")
    }

    static let taskCheckbox = "<input type=\"checkbox\" disabled=\"\" />"
    static let doneTaskCheckbox = "<input type=\"checkbox\" checked=\"\" disabled=\"\" />"
    static let cmarkBackToContent = "Back to content"
    static let backReferenceLabel = "data-footnote-backref aria-label=\"\(cmarkBackToContent)\""

    /// kb renders in cmark's unsafe mode so that the HTML it inserts itself can sit anywhere an
    /// inline can, table cells included (they take raw HTML but no custom inline); the author's
    /// raw HTML and dangerous URLs were neutralised right after parsing instead.
    func render(_ node: OpaquePointer, options: Int32 = CMARK_OPT_UNSAFE) -> String {
        guard let buffer = cmark_render_html(node, parseOptions | options, cmark_parser_get_syntax_extensions(parser))
        else { return "" }
        defer { free(buffer) }
        return String(cString: buffer)
    }

    /// What cmark's safe mode does at render time, done to the tree, in two passes: raw HTML
    /// becomes the same comment, and `javascript:`, `vbscript:`, `file:` and `data:` URLs other
    /// than images become empty. The spec tests check that this renders exactly as cmark's safe
    /// mode does. The second pass also guards Markdown's links when raw HTML is sanitized.
    private func neutralizeRawHTML() {
        for node in nodes(where: isAuthorHTML) { cmark_node_set_literal(node, "<!-- raw HTML omitted -->") }
    }

    private func neutralizeURLs() {
        let links = nodes { [CMARK_NODE_LINK, CMARK_NODE_IMAGE].contains(cmark_node_get_type($0)) }
        for node in links {
            if let url = cmark_node_get_url(node), Self.isDangerous(String(cString: url)) {
                cmark_node_set_url(node, "")
            }
        }
    }

    private func nodes(where matches: (OpaquePointer) -> Bool) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator), matches(node) {
                found.append(node)
            }
        }
        return found
    }

    /// cmark's `_scan_dangerous_url`.
    static func isDangerous(_ url: String) -> Bool {
        let lowered = url.lowercased()
        if lowered.hasPrefix("data:") {
            return !["png", "gif", "jpeg", "webp"].contains { lowered.hasPrefix("data:image/\($0)") }
        }
        return lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("file:")
    }

    // MARK: Rewriting text

    /// Offers every text node outside links (Markdown's and the author's `<a>`), images, code
    /// and raw HTML to `transform`, which
    /// returns the pieces that replace it, or nil to keep it.
    ///
    /// Adjacent text nodes are merged first: cmark splits `[[Name]]` into `[`, `[`, `Name`, `]`, `]`.
    public func rewriteText(_ transform: (TextNode) -> [InlinePiece]?) {
        cmark_consolidate_text_nodes(root)
        var blocks: [OpaquePointer] = []
        for (node, inHeading) in textNodes() {
            let previous = cmark_node_previous(node)
            let textNode = TextNode(
                text: literal(node),
                line: Int(cmark_node_get_start_line(node)) + firstLine - 1,
                byteColumn: sourceColumns.column(of: node),
                inHeading: inHeading,
                startsLine: previous.map(isLineBreak) ?? true
            )
            guard let pieces = transform(textNode) else { continue }
            for piece in pieces {
                if case .block(let html) = piece {
                    let placeholder = makeHTML(html)
                    cmark_node_insert_before(node, placeholder)
                    blocks.append(placeholder)
                    continue
                }
                for inserted in makeNodes(piece) {
                    cmark_node_insert_before(node, inserted)
                }
            }
            cmark_node_free(node)
        }
        // Only now: lifting a block out of its paragraph frees nodes the loop may still visit.
        blocks.forEach(liftOut)
    }

    /// A block inserted among inlines: its paragraph is split around it, so that `<div>` never
    /// sits in `<p>`. Where no block may stand (a heading, a table cell, emphasis), it stays inline.
    func liftOut(_ placeholder: OpaquePointer) {
        guard let paragraph = cmark_node_parent(placeholder), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH
        else { return }
        let block = customBlock(enter: literal(placeholder), exit: "")
        let after = cmark_node_new(CMARK_NODE_PARAGRAPH)!
        while let next = cmark_node_next(placeholder) { cmark_node_append_child(after, next) }
        cmark_node_free(placeholder)
        cmark_node_insert_after(paragraph, block)
        cmark_node_insert_after(block, after)
        let afterHasContent = !showsNothing(after)
        if showsNothing(paragraph) {
            moveParagraphID(from: paragraph, to: afterHasContent ? after : nil)
            cmark_node_free(paragraph)
        }
        if !afterHasContent { cmark_node_free(after) }
    }

    /// Nothing a reader would see: only spaces and line breaks, in containers that hold no more.
    func showsNothing(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            return literal(node).allSatisfy(\.isWhitespace)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            return true
        case CMARK_NODE_PARAGRAPH, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_ITEM, CMARK_NODE_LIST, CMARK_NODE_EMPH,
            CMARK_NODE_STRONG:
            var child = cmark_node_first_child(node)
            while let current = child {
                if !showsNothing(current) { return false }
                child = cmark_node_next(current)
            }
            return true
        default:
            return false
        }
    }

    func isLineBreak(_ node: OpaquePointer) -> Bool {
        let type = cmark_node_get_type(node)
        return type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
    }

    private func textNodes() -> [(OpaquePointer, inHeading: Bool)] {
        var found: [(OpaquePointer, inHeading: Bool)] = []
        var opaqueDepth = 0  // inside a link or an image
        var headingDepth = 0
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let delta = event == CMARK_EVENT_ENTER ? 1 : -1
            switch type {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                opaqueDepth += delta
            case CMARK_NODE_HEADING:
                headingDepth += delta
            case CMARK_NODE_TEXT where opaqueDepth == 0 && !isInAuthorLink(node):
                found.append((node, headingDepth > 0))
            default:
                break
            }
        }
        return found
    }

    /// Inserted HTML is raw inline HTML, which any inline container accepts.
    private func makeNodes(_ piece: InlinePiece) -> [OpaquePointer] {
        switch piece {
        case .text(let text):
            return text.isEmpty ? [] : [makeText(text)]
        case .element(let open, let text, let close):
            return [makeHTML(open), makeText(text), makeHTML(close)]
        case .html(let html), .block(let html):
            return [makeHTML(html)]
        }
    }

    func makeHTML(_ html: String) -> OpaquePointer {
        let node = cmark_node_new(CMARK_NODE_HTML_INLINE)!
        cmark_node_set_literal(node, html)
        return node
    }

    func makeText(_ text: String) -> OpaquePointer {
        let node = cmark_node_new(CMARK_NODE_TEXT)!
        cmark_node_set_literal(node, text)
        return node
    }

    // MARK: Conventions of the web that cmark leaves out

    /// Drops line breaks inside Chinese and Japanese text, ends autolinks at full-width
    /// punctuation and gives every heading an id. Returns the headings in document order.
    @discardableResult
    public func prepareForWeb() -> [Heading] {
        var ids = HeadingIDs()
        return prepareForWeb(ids: &ids)
    }

    /// The same, with heading ids unique across all the documents that share `ids`.
    public func prepareForWeb(ids: inout HeadingIDs) -> [Heading] {
        writeParagraphIDs()
        var softBreaks: [OpaquePointer] = []
        var links: [OpaquePointer] = []
        var headings: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_SOFTBREAK: softBreaks.append(node)
            case CMARK_NODE_LINK: links.append(node)
            case CMARK_NODE_HEADING: headings.append(node)
            default: break
            }
        }
        cmark_iter_free(iterator)

        for node in softBreaks where joinsEastAsianText(node) {
            cmark_node_free(node)
        }
        links.forEach(trimAutolink)
        codeBlocks += markFencedCode()
        return headings.map { anchorHeading($0, ids: &ids) }
    }

    private func joinsEastAsianText(_ softBreak: OpaquePointer) -> Bool {
        guard let before = adjacentScalar(of: softBreak, step: cmark_node_previous, pick: \.last),
            let after = adjacentScalar(of: softBreak, step: cmark_node_next, pick: \.first)
        else { return false }
        return EastAsianText.isWideNoSpaceScript(before) && EastAsianText.isWideNoSpaceScript(after)
    }

    /// The autolink extension runs on through full-width punctuation; cut the link there and
    /// put the rest back as text.
    private func trimAutolink(_ link: OpaquePointer) {
        guard let child = cmark_node_first_child(link), cmark_node_next(child) == nil,
            cmark_node_get_type(child) == CMARK_NODE_TEXT
        else { return }
        let text = literal(child)
        let url = cmark_node_get_url(link).map { String(cString: $0) } ?? ""
        guard url == text || url == "http://" + text || url == "mailto:" + text,
            let cut = text.unicodeScalars.firstIndex(where: EastAsianText.isFullWidthPunctuation),
            cut > text.startIndex
        else { return }
        let kept = String(text.unicodeScalars[..<cut])
        let rest = String(text.unicodeScalars[cut...])
        cmark_node_set_literal(child, kept)
        cmark_node_set_url(link, String(url.dropLast(rest.count)))
        cmark_node_insert_after(link, makeText(rest))
    }

    /// cmark has no heading attributes: the heading is rendered on its own, given its id, and
    /// replaced by a custom block holding that HTML, which renders like cmark's own heading.
    private func anchorHeading(_ heading: OpaquePointer, ids: inout HeadingIDs) -> Heading {
        let level = Int(cmark_node_get_heading_level(heading))
        let text = plainText(heading)
        let id = ids.next(for: text)
        let html = render(heading)
        let tag = "<h\(level)>"
        let anchored = "<h\(level) id=\"\(id.htmlEscaped)\">" + html.dropFirst(tag.utf8.count).dropLast()
        let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        cmark_node_set_on_enter(block, anchored)
        cmark_node_insert_before(heading, block)
        anchoredHeadingTexts[block] = text
        cmark_node_free(heading)
        return Heading(level: level, text: text, id: id)
    }

    /// The text a reader sees, blocks separated by line breaks: for search and excerpts.
    public func text() -> String {
        // Gathered as bytes, straight from cmark's literals, and made a `String` once: appending
        // to a `String` left it up to twice its size, and every note's text is kept until the
        // search index is made.
        var text: [UInt8] = []
        func append(_ string: String) { text += string.utf8 }
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if (Int32(type.rawValue) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK, text.last != 0x0A {
                    text.append(0x0A)
                }
                continue
            }
            if let formula = formula(of: node) {
                append(formula.tex)
                continue
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if let literal = cmark_node_get_literal(node) {
                    let count = strlen(literal)
                    literal.withMemoryRebound(to: UInt8.self, capacity: count) {
                        text.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
                    }
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text.append(0x20)
            case CMARK_NODE_CUSTOM_BLOCK:
                // A heading that `prepareForWeb` turned into HTML; a callout's blocks hold their text.
                if let heading = anchoredHeadingTexts[node] { append(heading + "\n") }
                if let code = codeBlockTexts[node] { append(code) }
            default: break
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: Reading nodes

    /// Whether a node's text holds `needle`, read in place: the syntax passes ask this of every
    /// text node, and most hold nothing for them.
    func literal(_ node: OpaquePointer, contains needle: StaticString) -> Bool {
        guard let text = cmark_node_get_literal(node) else { return false }
        return needle.withUTF8Buffer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { strstr(text, $0.baseAddress!) != nil }
        }
    }

    func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// The text a reader sees in a node: text, code and the text of inserted elements.
    func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(child) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literal(child)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            case CMARK_NODE_HTML_INLINE: text += formula(of: child)?.tex ?? ""
            default: break
            }
        }
        return text
    }

    /// The nearest character beside `node` among its siblings, looking past inline HTML such as
    /// the `</a>` of an inserted link.
    private func adjacentScalar(
        of node: OpaquePointer, step: (OpaquePointer) -> OpaquePointer?,
        pick: (String.UnicodeScalarView) -> Unicode.Scalar?
    ) -> Unicode.Scalar? {
        var sibling = step(node)
        while let current = sibling {
            if let scalar = pick(plainText(current).unicodeScalars) { return scalar }
            guard cmark_node_get_type(current) == CMARK_NODE_HTML_INLINE else { return nil }
            sibling = step(current)
        }
        return nil
    }
}
