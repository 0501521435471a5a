import Foundation
import Markdown

/// What the Typeset stage hands on: the HTML KaTeX made of each distinct formula of the site, all
/// made by one process, and KaTeX's stylesheet for the pages that show them.
///
/// Render leaves each formula a mark in the note's HTML (`MathMarkup`); Emit typesets each page as
/// it makes it (`page(_:)`). So a formula used on a hundred pages is held once, and the typeset
/// HTML of the whole site, often many times its TeX, is never in memory at once.
public struct Typesetting: Sendable {
    /// A formula or a code block, as Node is asked for it.
    struct Key: Hashable, Sendable {
        enum Kind: Hashable, Sendable {
            case formula(display: Bool)
            case code(language: String)
        }

        var text: String
        var kind: Kind

        init(_ formula: MathFormula) {
            text = formula.tex
            kind = .formula(display: formula.isDisplay)
        }

        init(_ block: CodeBlock) {
            text = block.code
            kind = .code(language: block.language)
        }

        // On the UTF-8 bytes, which are what Node is given: String's own hash and == normalize
        // to NFC first, and a vault of 12,000 code blocks, many commented in Chinese, spent 3 %
        // of its build hashing them so.
        static func == (a: Key, b: Key) -> Bool {
            guard a.kind == b.kind else { return false }
            var (x, y) = (a.text, b.text)
            return x.withUTF8 { x in
                y.withUTF8 { y in
                    x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
                }
            }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(kind)
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// KaTeX's answer for each formula of the site; empty when KaTeX is missing.
    var outcomes: [Key: KaTeX.Outcome] = [:]
    /// KaTeX is installed: pages show their formulas typeset, and load its stylesheet.
    public var typesets: Bool
    /// A located warning for each formula KaTeX cannot parse, or one naming what to install.
    public var diagnostics: [Diagnostic] = []
    /// Distinct formulas, and those KaTeX could not typeset.
    public var formulaCount = 0
    public var failureCount = 0
    /// Distinct code blocks to highlight, diagrams left out.
    public var codeCount = 0
    let katex: KaTeX

    /// The formulas of every note (`files` are their files, in the same order), typeset by the
    /// KaTeX of `session`, which may have been given them already as the notes rendered.
    static func make(rendered: [RenderedNote], files: [String], session: KaTeXSession = KaTeXSession()) async
        -> Typesetting
    {
        let katex = session.katex
        var typesetting = Typesetting(typesets: katex.missing == nil, katex: katex)
        var keys: [Key] = []
        var seen: Set<Key> = []
        for note in rendered {
            for formula in note.formulas {
                let key = Key(formula.formula)
                if seen.insert(key).inserted { keys.append(key) }
            }
        }
        typesetting.formulaCount = keys.count
        var codeKeys: [Key] = []
        for note in rendered {
            for block in note.codeBlocks where !block.block.isDiagram {
                let key = Key(block.block)
                if seen.insert(key).inserted { codeKeys.append(key) }
            }
        }
        typesetting.codeCount = codeKeys.count
        if !codeKeys.isEmpty, let missing = katex.highlighterMissing,
            let (file, place) = firstPlace(
                rendered, files, of: { $0.codeBlocks.lazy.filter { !$0.block.isDiagram }.compactMap(\.location).first })
        {
            typesetting.diagnostics.append(
                .warning(
                    file, line: place.line, column: place.column,
                    "code is not highlighted: highlight.js is not installed (apt-get install \(missing))",
                    kind: "highlight.js is not installed"))
        }
        guard !keys.isEmpty || (!codeKeys.isEmpty && katex.highlighterMissing == nil) else { return typesetting }
        if let missing = katex.missing, !keys.isEmpty {
            if let (file, place) = firstPlace(rendered, files) {
                typesetting.diagnostics.append(
                    .warning(
                        file, line: place.line, column: place.column,
                        "formulas are shown as TeX: KaTeX is not installed (apt-get install \(missing))",
                        kind: "KaTeX is not installed"))
            }
            keys = []
        }
        // Those already given come out of the session's set at once.
        for note in rendered {
            if !keys.isEmpty { session.submit(note.formulas) }
            session.submit(note.codeBlocks)
        }
        let (answers, stopped) = await session.finish()
        for key in keys + codeKeys {
            if let outcome = session.known[key] ?? answers[key] { typesetting.outcomes[key] = outcome }
        }
        if let stopped,
            let (file, place) = firstPlace(rendered, files)
                ?? firstPlace(rendered, files, of: { $0.codeBlocks.lazy.compactMap(\.location).first })
        {
            typesetting.diagnostics.append(
                .warning(file, line: place.line, column: place.column, stopped + "; the rest are shown as written"))
        }
        typesetting.failureCount = keys.count { if case .failure = typesetting.outcomes[$0] { true } else { false } }
        for (note, file) in zip(rendered, files) {
            for formula in note.formulas {
                guard let place = formula.location,
                    case .failure(let message)? = typesetting.outcomes[Key(formula.formula)]
                else { continue }
                typesetting.diagnostics.append(
                    .warning(
                        file, line: place.line, column: place.column, "formula not typeset: " + message,
                        kind: "formula not typeset"))
            }
        }
        return typesetting
    }

    /// A body that belongs to no site (`kb render`): its HTML typeset, and the warnings.
    public static func fragment(_ rendered: RenderedNote, file: String) async -> (
        html: String, diagnostics: [Diagnostic]
    ) {
        let typesetting = await make(rendered: [rendered], files: [file])
        return (typesetting.html(rendered.html), typesetting.diagnostics)
    }

    /// The first note with a place `place` finds, formulas by default.
    private static func firstPlace(
        _ rendered: [RenderedNote], _ files: [String],
        of place: (RenderedNote) -> SourceLocation? = { $0.formulas.lazy.compactMap(\.location).first }
    ) -> (String, SourceLocation)? {
        for (note, file) in zip(rendered, files) {
            if let place = place(note) { return (file, place) }
        }
        return nil
    }

    /// The page with its formulas typeset and its code highlighted, and KaTeX's stylesheet linked
    /// when it shows any formula.
    func page(_ page: Page) -> Page {
        var page = page
        if let html = page.context.note?.html, MathMarkup.containsMarks(html) || CodeMarkup.containsMarks(html) {
            page.context.note?.html = self.html(html)
            page.context.hasMath = page.context.hasMath || (typesets && MathMarkup.containsMarks(html))
        }
        if let html = page.context.home?.html, MathMarkup.containsMarks(html) || CodeMarkup.containsMarks(html) {
            page.context.home?.html = self.html(html)
            page.context.hasMath = page.context.hasMath || (typesets && MathMarkup.containsMarks(html))
        }
        return page
    }

    /// `html` with its formulas typeset and its code highlighted (`code`).
    public func html(_ html: String) -> String {
        code(formulas(html))
    }

    /// Each code block highlighted as `<code class="hljs language-…">`, or as cmark writes it
    /// where highlight.js is missing or does not know the language.
    func code(_ html: String) -> String {
        CodeMarkup.replacingMarks(in: html) { block in
            guard case .html(let highlighted)? = outcomes[Key(block)] else { return CodeMarkup.plain(block) }
            return "<pre><code class=\"hljs language-\(CodeMarkup.cmarkEscaped(block.language))\">" + highlighted
                + "</code></pre>"
        }
    }

    /// `html` with its formulas typeset: KaTeX's HTML, a formula it cannot parse as its TeX in
    /// `code.math-error`, and each as TeX for a reader when KaTeX is missing.
    func formulas(_ html: String) -> String {
        MathMarkup.replacingMarks(in: html) { formula in
            switch outcomes[Key(formula)] {
            case .html(let typeset)?:
                switch formula.layout {
                case .inline: return "<span class=\"math math-inline\">" + typeset + "</span>"
                case .display: return "<span class=\"math math-display\">" + typeset + "</span>"
                case .block: return "<div class=\"math math-display\">" + typeset + "</div>"
                }
            case .failure(let message)?:
                let code =
                    "<code class=\"math-error\" title=\"\(message.htmlEscaped)\">\(formula.tex.htmlEscaped)</code>"
                return formula.layout == .block ? "<div class=\"math math-display\">" + code + "</div>" : code
            case nil:
                return MathMarkup.fallback(formula)
            }
        }
    }

    /// `assets/katex/`: KaTeX's stylesheet and the fonts it names, when some page shows a typeset
    /// formula. Each font is named in three formats, of which every browser since 2016 loads the
    /// first, WOFF2: the stylesheet keeps that one only, and the site copies only those files.
    func stylesheet() -> [OutputFile] {
        guard typesets, formulaCount > 0, let url = katex.stylesheet,
            let css = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        let kept = css.replacingOccurrences(
            of: #",url\((fonts/[^)]*\.(woff|ttf))\) format\(['"](woff|truetype)['"]\)"#, with: "",
            options: .regularExpression)
        var files = [OutputFile(path: "assets/katex/katex.min.css", bytes: Array(kept.utf8))]
        var fonts: Set<String> = []
        var rest = kept[...]
        while let start = rest.range(of: "url(fonts/") {
            guard let end = rest[start.upperBound...].firstIndex(of: ")") else { break }
            fonts.insert(String(rest[start.upperBound..<end]))
            rest = rest[end...]
        }
        let folder = url.deletingLastPathComponent().appendingPathComponent("fonts")
        for font in fonts.sorted() {
            if let data = try? Data(contentsOf: folder.appendingPathComponent(font)) {
                files.append(OutputFile(path: "assets/katex/fonts/" + font, bytes: [UInt8](data)))
            }
        }
        return files
    }
}
