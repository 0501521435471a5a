import CGumbo

/// The author's raw HTML, parsed by a real HTML5 parser (libgumbo) and written out again holding
/// only what is on an allowlist: formatting and structure stay, anything that can run script,
/// load another page's code, submit data or restyle the site goes.
///
/// Nothing is matched with patterns on the text: what a browser would build from the HTML is
/// built first, and only that tree is judged, so odd case, entities inside a `javascript:`
/// scheme, unclosed tags and comments hiding tags are read as a browser reads them.
public struct HTMLSanitizer: Sendable {
    /// Where the author may place one piece of HTML among the others: kb's own nodes (text,
    /// emphasis, formulas, Markdown blocks) travel through the parse as slots, so that a tag
    /// opened in one piece of HTML and closed in a later one encloses what lies between.
    public enum Part: Sendable, Equatable {
        case html(String)
        case slot
    }

    /// The sanitized parts: HTML to write, and the slots in the order they now stand, each by
    /// its index among the slots given, and whether it stands inside the author's `<a>` (where
    /// kb must insert no link of its own). A slot the parse put nowhere (inside a `<script>` or a
    /// `<select>`, which are dropped with their content) is missing.
    public enum Piece: Sendable, Equatable {
        case html(String)
        case slot(Int, inAnchor: Bool)
    }

    public var iframeHosts: Set<String>

    /// `iframeHosts`: the hosts (`www.youtube.com`) whose pages an `<iframe>` may show, as
    /// written in `site.yml`; compared without regard to case.
    public init(iframeHosts: some Sequence<String> = []) {
        self.iframeHosts = Set(iframeHosts.map { $0.lowercased() })
    }

    /// A fragment of HTML on its own, as it would stand inside `<body>`, or inside a paragraph
    /// when `phrasing`.
    public func sanitize(_ html: String, phrasing: Bool = false) -> String {
        sanitize([.html(html)], phrasing: phrasing).map { piece in
            if case .html(let text) = piece { return text }
            return ""
        }.joined()
    }

    /// Parts parsed as one fragment inside `<body>`: every element opened in them is closed by
    /// its end, so no tag reaches past the last part. When `phrasing`, the parts stand where
    /// only phrasing content may (a paragraph, a heading, a table cell): elements of blocks, such
    /// as `<div>` or `<p>`, are unwrapped, so that the page stays valid HTML and a browser
    /// builds the same tree from it. `inLink`: the parts stand inside a link already, so any
    /// `<a>` of theirs is unwrapped.
    public func sanitize(_ parts: [Part], phrasing: Bool = false, inLink: Bool = false) -> [Piece] {
        // A slot is an element whose attribute name appears in no part, so the author cannot
        // write one: tag and attribute names can only come from the characters of the source.
        var marker = "kb-slot"
        while parts.contains(where: { if case .html(let text) = $0 { Self.holds(text, marker) } else { false } }) {
            marker += "x"
        }
        var source = ""
        var slotCount = 0
        for part in parts {
            switch part {
            case .html(let text): source += text
            case .slot:
                source += "<\(marker) \(marker)=\"\(slotCount)\"></\(marker)>"
                slotCount += 1
            }
        }
        var options = kGumboDefaultOptions
        options.fragment_context = GUMBO_TAG_BODY
        options.fragment_namespace = GUMBO_NAMESPACE_HTML
        // Parse errors are not reported to anyone; recording them only costs memory.
        options.max_errors = 0
        let length = source.utf8.count
        var writer = Writer(policy: self, marker: marker, slotCount: slotCount, phrasing: phrasing)
        writer.openAnchors = inLink ? 1 : 0
        source.withCString { text in
            guard let output = gumbo_parse_with_options(&options, text, length) else { return }
            defer { gumbo_destroy_output(&options, output) }
            // In a fragment, the parsed nodes are the children of the root `<html>` element.
            writer.children(of: output.pointee.root)
        }
        writer.flush()
        return writer.pieces
    }

    /// What in `html` the sanitizer would not have kept, parsed afresh the way `sanitize`
    /// parses: for fuzzing and tests to judge its output by another walk of the tree than the
    /// one that wrote it. Empty when all is allowed.
    public func disallowed(in html: String, phrasing: Bool = false) -> [String] {
        var options = kGumboDefaultOptions
        options.fragment_context = GUMBO_TAG_BODY
        options.max_errors = 0
        var found: [String] = []
        html.withCString { text in
            guard let output = gumbo_parse_with_options(&options, text, html.utf8.count) else { return }
            defer { gumbo_destroy_output(&options, output) }
            var stack = [output.pointee.root!]
            while let node = stack.popLast() {
                let element = node.pointee.v.element
                for index in 0..<Int(element.children.length) {
                    guard let child = element.children.data[index]?.assumingMemoryBound(to: GumboNode.self) else {
                        continue
                    }
                    switch child.pointee.type {
                    case GUMBO_NODE_ELEMENT: stack.append(child)
                    case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE: break
                    default: found.append("a node of type \(child.pointee.type.rawValue)")
                    }
                }
                guard node != output.pointee.root else { continue }
                let name = String(cString: gumbo_normalized_tagname(element.tag))
                guard element.tag_namespace == GUMBO_NAMESPACE_HTML, Self.allowedElements.contains(name),
                    !(phrasing && Self.blockElements.contains(name))
                else {
                    found.append("element <\(name.isEmpty ? "unknown" : name)>")
                    continue
                }
                for index in 0..<Int(element.attributes.length) {
                    guard let attribute = element.attributes.data[index]?.assumingMemoryBound(to: GumboAttribute.self)
                    else { continue }
                    let key = String(cString: attribute.pointee.name)
                    let value = String(cString: attribute.pointee.value)
                    if name == "iframe" && key == "sandbox" {
                        if value != Self.frameSandbox { found.append("sandbox \"\(value)\"") }
                    } else if !Self.globalAttributes.contains(key)
                        && !(Self.elementAttributes[name] ?? []).contains(key)
                    {
                        found.append("attribute \(key) on <\(name)>")
                    } else if Self.urlAttributes.contains(key),
                        allowed(url: Self.normalizedURL(value), attribute: key, element: name) == nil
                    {
                        found.append("URL \(value) in \(key) of <\(name)>")
                    }
                }
                if name == "iframe"
                    && !(0..<Int(element.attributes.length)).contains(where: { index in
                        let attribute = element.attributes.data[index]!.assumingMemoryBound(to: GumboAttribute.self)
                        return String(cString: attribute.pointee.name) == "sandbox"
                    })
                {
                    found.append("<iframe> without sandbox")
                }
            }
        }
        return found
    }

    /// Whether `text` holds `name` in any ASCII case, as bytes: the parser lowercases only
    /// ASCII in the names of tags and attributes, and compares nothing else.
    static func holds(_ text: String, _ name: String) -> Bool {
        let needle = Array(name.utf8)
        let bytes = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        let lowered = { (byte: UInt8) in (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        return (0...(bytes.count - needle.count)).contains { start in
            needle.indices.allSatisfy { lowered(bytes[start + $0]) == needle[$0] }
        }
    }

    // MARK: The allowlist

    /// Elements kept with the attributes allowed for them.
    static let allowedElements: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
        "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby",
        "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
    ]

    /// Elements removed together with everything inside them: they run script (`script`, and
    /// `svg` and `math`, whose foreign content has script vectors of its own), hold text a browser
    /// never shows as such (`style`, `template`, `textarea`, `title`, `noscript`…), load other
    /// documents or plug-ins (`object`, `embed`, `frame`), or make forms (`input`, `select`,
    /// `button`). Any other element not allowed is unwrapped: its content stays.
    static let droppedWithContent: Set<String> = [
        "applet", "audio", "base", "basefont", "button", "canvas", "datalist", "dialog", "embed", "frame",
        "frameset", "head", "iframe", "input", "isindex", "keygen", "link", "meta", "noembed", "noframes",
        "noscript", "object", "optgroup", "option", "param", "plaintext", "script", "select", "source", "style",
        "template", "textarea", "title", "track", "video", "xmp",
    ]

    static let voidElements: Set<String> = ["br", "col", "hr", "img", "wbr"]

    /// Allowed elements that are not phrasing content.
    static let blockElements: Set<String> = [
        "blockquote", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    ]

    /// Allowed on every allowed element. An `id` is what a link's `#fragment` lands on, and
    /// wikis mark targets with `<a id="…">`; the names it makes on `window` cannot replace what
    /// the site's scripts declare. `style` is not allowed: CSS can lay an element over the whole
    /// page (a fake sign-in box over the site's own navigation), hide text, and `url()` fetches
    /// from the network; making it safe needs a CSS parser with an allowlist of its own. A
    /// `class` uses the site's stylesheet instead.
    static let globalAttributes: Set<String> = ["class", "dir", "id", "lang", "title"]

    static let elementAttributes: [String: Set<String>] = [
        "a": ["href"],
        "img": ["src", "alt", "width", "height", "loading"],
        "iframe": ["src", "width", "height", "allowfullscreen"],
        "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan", "scope"],
        "col": ["span"],
        "colgroup": ["span"],
        "ol": ["start", "reversed", "type"],
        "li": ["value"],
        "details": ["open"],
        "blockquote": ["cite"],
        "q": ["cite"],
        "ins": ["cite", "datetime"],
        "del": ["cite", "datetime"],
        "time": ["datetime"],
    ]

    static let urlAttributes: Set<String> = ["href", "src", "cite"]

    /// A URL as a browser reads it: with the spaces and control characters around it and the
    /// tabs and line breaks inside it removed (so `java&#x09;script:` is `javascript:`).
    static func normalizedURL(_ value: String) -> String {
        let scalars = value.unicodeScalars
        let isTrimmed = { (scalar: Unicode.Scalar) in scalar.value <= 0x20 }
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        for scalar in scalars[first...last] where scalar != "\t" && scalar != "\n" && scalar != "\r" {
            result.append(scalar)
        }
        return String(result)
    }

    /// The scheme of a normalized URL, lowercased, or nil for a relative URL. Anything with a
    /// colon before its first `/`, `?` or `#` counts as having a scheme, valid or not, so that
    /// no trick a URL parser might read as a scheme passes as relative.
    static func scheme(of url: String) -> String? {
        let scalars = url.unicodeScalars
        guard let colon = scalars.firstIndex(where: { ":/?#".unicodeScalars.contains($0) }), scalars[colon] == ":"
        else { return nil }
        return String(String.UnicodeScalarView(scalars[..<colon])).lowercased()
    }

    static let imageDataTypes = ["image/png", "image/gif", "image/jpeg", "image/webp", "image/avif"]

    /// Where a link written outside Markdown (a canvas's link card) may lead, judged as an
    /// author's `<a href>` is: normalized, nil for `javascript:`, `data:` and any other scheme
    /// but the web's, mail's and the telephone's.
    public static func linkURL(_ url: String) -> String? {
        let url = normalizedURL(url)
        switch scheme(of: url) {
        case nil, "http", "https", "mailto", "tel": return url
        default: return nil
        }
    }

    /// The URL an author's URL in attribute `attribute` of `element` is written as, or nil
    /// when it may not stay.
    func allowed(url: String, attribute: String, element: String) -> String? {
        if element == "iframe" { return frameURL(url) }
        switch Self.scheme(of: url) {
        case nil:
            return url
        case "http", "https":
            return url
        case "mailto", "tel":
            return attribute == "href" ? url : nil
        case "data":
            // A raster image cannot run script; SVG can, once opened on its own.
            guard element == "img" else { return nil }
            let type = url.dropFirst("data:".count).prefix { $0 != ";" && $0 != "," }.lowercased()
            return Self.imageDataTypes.contains(type) ? url : nil
        default:
            return nil
        }
    }

    /// An `https://` or `http://` URL on one of the hosts `site.yml` lists, with no user name
    /// (`https://www.youtube.com@evil.example/`) and no port. A URL without a scheme
    /// (`//player.bilibili.com/…`, as video sites give their embed code) gets `https:`: from
    /// `file://` it would name a file.
    func frameURL(_ url: String) -> String? {
        let scheme = Self.scheme(of: url)
        guard scheme == nil || scheme == "https" || scheme == "http" else { return nil }
        let rest = url.unicodeScalars.dropFirst(scheme.map { $0.unicodeScalars.count + 1 } ?? 0)
        guard rest.starts(with: "//".unicodeScalars) else { return nil }
        let authority = rest.dropFirst(2).prefix { !"/?#\\".unicodeScalars.contains($0) }
        let host = String(String.UnicodeScalarView(authority)).lowercased()
        guard iframeHosts.contains(host) else { return nil }
        return scheme == nil ? "https:" + url : url
    }

    /// What kb gives every frame it keeps: the embedded page runs its player, but cannot take
    /// over the page around it (no top navigation, no forms, no downloads).
    static let frameSandbox = "allow-scripts allow-same-origin allow-popups allow-presentation"

    // MARK: Writing the tree

    /// Text or an attribute value, escaped so that parsing it again gives it back. A parser
    /// reads a carriage return as a line feed, and a control character or a noncharacter
    /// written as such (not as a reference) as U+FFFD, so these are written as what they
    /// would become: a reference for the carriage return, U+FFFD for the others (which no
    /// valid page holds either).
    static func escaped(_ text: String) -> String {
        func isReplaced(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0C) || (0x7F...0x9F).contains(value)
                || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
        }
        guard text.unicodeScalars.contains(where: isReplaced) else { return text.htmlEscaped }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                result += "&#13;"
            } else if isReplaced(scalar) {
                result += "\u{FFFD}"
            } else {
                result += String(scalar).htmlEscaped
            }
        }
        return result
    }

    /// Serialises the kept nodes of gumbo's tree as it walks it.
    private struct Writer {
        let policy: HTMLSanitizer
        let marker: String
        let slotCount: Int
        let phrasing: Bool
        var pieces: [Piece] = []
        var html = ""
        var placed: Set<Int> = []
        /// How many `<a>` are open: a parser never nests them (a second one closes the first),
        /// so one the tree holds inside another (the parse of a table can make one) is unwrapped,
        /// and the output parses again to the same tree.
        var openAnchors = 0

        init(policy: HTMLSanitizer, marker: String, slotCount: Int, phrasing: Bool) {
            self.policy = policy
            self.marker = marker
            self.slotCount = slotCount
            self.phrasing = phrasing
        }

        mutating func flush() {
            if !html.isEmpty { pieces.append(.html(html)) }
            html = ""
        }

        mutating func children(of node: UnsafeMutablePointer<GumboNode>) {
            let children = node.pointee.v.element.children
            for index in 0..<Int(children.length) {
                guard let child = children.data[index]?.assumingMemoryBound(to: GumboNode.self) else { continue }
                write(child)
            }
        }

        mutating func write(_ node: UnsafeMutablePointer<GumboNode>) {
            switch node.pointee.type {
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                html += HTMLSanitizer.escaped(String(cString: node.pointee.v.text.text))
            case GUMBO_NODE_ELEMENT:
                writeElement(node)
            default:
                // Comments (and `<?…>`, `<!…>` and CDATA outside foreign content, which are
                // comments to HTML) and templates go.
                break
            }
        }

        mutating func writeElement(_ node: UnsafeMutablePointer<GumboNode>) {
            let element = node.pointee.v.element
            let attributes = (0..<Int(element.attributes.length)).compactMap { index in
                element.attributes.data[index]?.assumingMemoryBound(to: GumboAttribute.self).pointee
            }.map { (name: String(cString: $0.name), value: String(cString: $0.value)) }
            if element.tag == GUMBO_TAG_UNKNOWN, let slot = attributes.first(where: { $0.name == marker }) {
                if let index = Int(slot.value), index < slotCount, placed.insert(index).inserted {
                    flush()
                    pieces.append(.slot(index, inAnchor: openAnchors > 0))
                }
                return
            }
            // SVG and MathML: their own script vectors (`<svg><script>`, `xlink:href`, `<animate>`).
            guard element.tag_namespace == GUMBO_NAMESPACE_HTML else { return }
            let name = String(cString: gumbo_normalized_tagname(element.tag))
            if HTMLSanitizer.droppedWithContent.contains(name) && name != "iframe" { return }
            guard HTMLSanitizer.allowedElements.contains(name),
                !(phrasing && HTMLSanitizer.blockElements.contains(name)),
                !(name == "a" && openAnchors > 0)
            else {
                children(of: node)
                return
            }
            var kept: [(name: String, value: String)] = []
            let allowed = HTMLSanitizer.elementAttributes[name] ?? []
            for attribute in attributes
            where HTMLSanitizer.globalAttributes.contains(attribute.name) || allowed.contains(attribute.name) {
                guard HTMLSanitizer.urlAttributes.contains(attribute.name) else {
                    kept.append(attribute)
                    continue
                }
                let url = HTMLSanitizer.normalizedURL(attribute.value)
                guard let written = policy.allowed(url: url, attribute: attribute.name, element: name) else { continue }
                kept.append((attribute.name, written))
            }
            // `<a name>` is HTML 4's `id`, which no valid page holds any more.
            if name == "a", !kept.contains(where: { $0.name == "id" }),
                let anchor = attributes.first(where: { $0.name == "name" }), !anchor.value.isEmpty
            {
                kept.append(("id", anchor.value))
            }
            if name == "iframe" {
                // A frame shows only a page of a listed host, and nothing of its own content.
                guard kept.contains(where: { $0.name == "src" }) else { return }
                kept.append(("sandbox", HTMLSanitizer.frameSandbox))
                html += openTag(name, kept) + "</iframe>"
                return
            }
            html += openTag(name, kept)
            if HTMLSanitizer.voidElements.contains(name) { return }
            // A parser drops the line break right after `<pre>`: one that was content must be
            // doubled to survive the next parse.
            if name == "pre", let first = firstChild(of: node),
                first.pointee.type == GUMBO_NODE_TEXT || first.pointee.type == GUMBO_NODE_WHITESPACE,
                first.pointee.v.text.text.pointee == 0x0A
            {
                html += "\n"
            }
            if name == "a" { openAnchors += 1 }
            children(of: node)
            if name == "a" { openAnchors -= 1 }
            html += "</\(name)>"
        }

        func firstChild(of node: UnsafeMutablePointer<GumboNode>) -> UnsafeMutablePointer<GumboNode>? {
            let children = node.pointee.v.element.children
            guard children.length > 0 else { return nil }
            return children.data[0]?.assumingMemoryBound(to: GumboNode.self)
        }

        func openTag(_ name: String, _ attributes: [(name: String, value: String)]) -> String {
            var tag = "<" + name
            for attribute in attributes {
                tag += " \(attribute.name)=\"\(HTMLSanitizer.escaped(attribute.value))\""
            }
            return tag + ">"
        }
    }
}
