import Foundation

/// A formula of a note, as `MarkdownDocument.formulas()` finds it: TeX, and how it stands.
public struct MathFormula: Sendable, Hashable {
    public enum Layout: Sendable, Hashable {
        /// `$…$`, `\(…\)`.
        case inline
        /// `$$…$$` among other inlines: typeset as display math, in the line's flow.
        case display
        /// A display formula that is a block of its own (`$$` or `\[` opening a line).
        case block
    }

    /// As written between its delimiters.
    public var tex: String
    public var layout: Layout

    public init(tex: String, layout: Layout) {
        self.tex = tex
        self.layout = layout
    }

    /// KaTeX's `displayMode`.
    public var isDisplay: Bool { layout != .inline }
}

/// A formula and where its opening `$` or `\` stands.
public struct PlacedFormula: Sendable, Hashable {
    public var formula: MathFormula
    /// In the whole document, 1-based; the column counted in UTF-8 bytes, as cmark counts them.
    public var line: Int
    public var byteColumn: Int
}

/// How a formula stands in the HTML `MarkdownDocument` renders until it is typeset: a mark that
/// no author can write and no browser may see.
///
/// A mark is U+0002, a layout letter, the TeX escaped for HTML, and U+0003. Both controls are
/// replaced in every file kb reads (`SourceText`), so a mark can only be kb's own, and the escaped
/// TeX keeps even a mark left in place inert. Typesetting replaces marks page by page, as the
/// pages are written, so that the HTML of all formulas of a site never sits in memory at once.
public enum MathMarkup {
    static let open: UInt8 = 0x02
    static let close: UInt8 = 0x03

    static func mark(_ formula: MathFormula) -> String {
        let letter =
            switch formula.layout {
            case .inline: "i"
            case .display: "d"
            case .block: "b"
            }
        var tex = formula.tex
        if tex.utf8.contains(where: { $0 == open || $0 == close }) {
            tex = String(tex.unicodeScalars.map { $0.value == 2 || $0.value == 3 ? "\u{FFFD}" : Character($0) })
        }
        return "\u{2}" + letter + tex.htmlEscaped + "\u{3}"
    }

    /// The formula a mark holds; nil for any other text.
    static func formula<Bytes: BidirectionalCollection<UInt8>>(inMark bytes: Bytes) -> MathFormula? {
        guard bytes.count >= 3, bytes.first == open, bytes.last == close else { return nil }
        let letter = bytes.dropFirst().first
        let layout: MathFormula.Layout
        switch letter {
        case UInt8(ascii: "i"): layout = .inline
        case UInt8(ascii: "d"): layout = .display
        case UInt8(ascii: "b"): layout = .block
        default: return nil
        }
        let escaped = String(decoding: bytes.dropFirst(2).dropLast(), as: UTF8.self)
        return MathFormula(tex: unescaped(escaped), layout: layout)
    }

    /// Whether `html` holds a formula still to typeset.
    public static func containsMarks(_ html: String) -> Bool {
        holds(open, html)
    }

    /// Whether `html` holds `byte`, by `memchr`: every page is asked this of its whole HTML up to
    /// four times, and `utf8.contains` goes a byte at a time through an iterator (2 % of a build).
    static func holds(_ byte: UInt8, _ html: String) -> Bool {
        var html = html
        return html.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// `html` with each mark replaced by what `render` makes of its formula.
    public static func replacingMarks(in html: String, _ render: (MathFormula) -> String) -> String {
        guard containsMarks(html) else { return html }
        return replacing(in: html, open: open, close: close) { mark in formula(inMark: mark).map(render) }
    }

    /// `html` with each run from `open` to `close` replaced by what `render` makes of it (given
    /// with both bytes). A run `render` cannot read loses its `open` only, as does an `open` never
    /// closed: no browser may see a control character. Code marks (`CodeMarkup`) are read so too.
    static func replacing(
        in html: String, open: UInt8, close: UInt8, _ render: (Substring.UTF8View) -> String?
    ) -> String {
        // The text between marks is copied a buffer at a time and marks are found by `memchr`:
        // appending slices of the UTF-8 view went a byte at a time, a tenth of Typeset's work on a
        // page of formulas.
        let view = html.utf8
        var storage = html
        return storage.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return html }
            func find(_ byte: UInt8, from offset: Int) -> Int? {
                memchr(base + offset, Int32(byte), bytes.count - offset).map {
                    UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0))
                }
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count * 2)
            var copied = 0
            while copied < bytes.count, let start = find(open, from: copied) {
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<start]))
                guard let end = find(close, from: start),
                    let rendered = render(
                        view[view.index(view.startIndex, offsetBy: start)...view.index(view.startIndex, offsetBy: end)])
                else {
                    copied = start + 1
                    continue
                }
                result.append(contentsOf: rendered.utf8)
                copied = end + 1
            }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// A formula as TeX for a reader, where nothing typesets it: in the delimiters that MathJax
    /// and KaTeX's auto-render look for, as Pandoc writes them.
    public static func fallback(_ formula: MathFormula) -> String {
        let tex = formula.tex.htmlEscaped
        switch formula.layout {
        case .inline: return "<span class=\"math math-inline\">\\(\(tex)\\)</span>"
        case .display: return "<span class=\"math math-display\">\\[\(tex)\\]</span>"
        case .block: return "<div class=\"math math-display\">\\[\(tex)\\]</div>"
        }
    }

    /// `htmlEscaped` undone, on the bytes: every code block of every page passes through here,
    /// and dropping one byte at a time from a slice was a third of Typeset's work on the pages.
    static func unescaped(_ text: String) -> String {
        guard holds(UInt8(ascii: "&"), text) else { return text }
        var text = text
        return text.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var at = 0
            while at < bytes.count {
                if bytes[at] == UInt8(ascii: "&"),
                    let (entity, plain) = entities.first(where: { entity, _ in
                        at + entity.count <= bytes.count && bytes[at..<at + entity.count].elementsEqual(entity)
                    })
                {
                    result.append(plain)
                    at += entity.count
                } else {
                    result.append(bytes[at])
                    at += 1
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }

    private static let entities: [([UInt8], UInt8)] = [
        (Array("&amp;".utf8), UInt8(ascii: "&")), (Array("&lt;".utf8), UInt8(ascii: "<")),
        (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&quot;".utf8), UInt8(ascii: "\"")),
        (Array("&#39;".utf8), UInt8(ascii: "'")),
    ]
}
