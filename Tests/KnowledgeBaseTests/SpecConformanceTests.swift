import Foundation
import Testing

@testable import KnowledgeBase
@testable import Markdown

/// The GFM spec examples through the note-body path (wikilinks and mentions on, names that match
/// nothing) must give what libcmark-gfm alone gives. kb adds heading ids on purpose; they are
/// taken out before comparing.
@Suite struct SpecConformanceTests {
    struct Example: Sendable, CustomTestStringConvertible {
        var file: String
        var number: Int
        var markdown: String
        var html: String
        var testDescription: String { "\(file) #\(number)" }
    }

    static let specFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/spec")

    static func examples() -> [Example] {
        var examples: [Example] = []
        for file in ["gfm-spec.txt", "gfm-extensions.txt", "gfm-regression.txt"] {
            guard let text = try? String(contentsOf: specFolder.appendingPathComponent(file), encoding: .utf8) else {
                continue
            }
            let fence = String(repeating: "`", count: 32)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
            var number = 0
            while let start = lines.firstIndex(where: { $0.hasPrefix(fence + " example") }) {
                lines = lines[(start + 1)...]
                guard let end = lines.firstIndex(of: Substring(fence)), let dot = lines[..<end].firstIndex(of: ".")
                else { break }
                number += 1
                let markdown = lines[..<dot].map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
                let html = lines[(dot + 1)..<end].map { $0 + "\n" }.joined().replacingOccurrences(of: "→", with: "\t")
                examples.append(Example(file: file, number: number, markdown: markdown, html: html))
                lines = lines[(end + 1)...]
            }
        }
        return examples
    }

    static let renderer: NoteRenderer = {
        let notes = [SlugTests.note("n", "完全不会出现的名字", aliases: ["Zyxwvut Nowhere"])]
        var settings = SiteSettings()
        settings.rawHTML = .trusted
        return NoteRenderer(index: EntityIndex.build(notes: notes, assets: []).0, settings: settings)
    }()

    static func withoutHeadingIDs(_ html: String) -> String {
        html.replacingOccurrences(of: #"<h([1-6]) id="[^"]*">"#, with: "<h$1>", options: .regularExpression)
    }

    @Test func theSpecIsThere() throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.specFolder.path),
            "skipped: \(Self.specFolder.path) is absent")
        #expect(Self.examples().count == 720)
    }

    @Test func kbGivesLibcmarkGFMsHTML() throws {
        let examples = Self.examples()
        try #require(!examples.isEmpty, "skipped: no spec examples at \(Self.specFolder.path)")
        var differing: [Example] = []
        var matchingSpec = 0
        for example in examples {
            // Fenced code with a language is a mark until Typeset, which gives cmark's own HTML
            // where nothing highlights it.
            let kb = CodeMarkup.replacingMarks(
                in: Self.renderer.renderFragment(example.markdown).html, CodeMarkup.plain)
            let plain = MarkdownDocument(example.markdown, options: MarkdownOptions(rawHTML: .trusted, math: false))
                .html()
            // kb names a task's checkbox for screen readers, the one attribute it adds to cmark's.
            let unnamed = kb.replacingOccurrences(of: " aria-label=\"Task\" />", with: " />")
            if Self.withoutHeadingIDs(unnamed) != plain { differing.append(example) }
            if normalized(plain) == normalized(example.html) { matchingSpec += 1 }
        }
        // `[[foo]]` is kb's wikilink syntax, which two examples use as literal text: there kb
        // shows a broken wikilink, as it must for a name that matches no note. `#hashtag` in
        // another is an Obsidian tag, which kb links to its page.
        let unexpected = differing.filter {
            Wikilink.scan($0.markdown).isEmpty && InlineTag.scan($0.markdown, startsLine: true).isEmpty
        }
        #expect(unexpected.isEmpty, "kb differs from libcmark-gfm on \(unexpected.map(\.testDescription))")
        #expect(differing.map(\.testDescription) == ["gfm-spec.txt #34", "gfm-spec.txt #556", "gfm-spec.txt #598"])
        // The reference: the cmark-gfm program matches 691 of the first 699 examples.
        #expect(
            matchingSpec >= 691, "libcmark-gfm through kb matches \(matchingSpec) of \(examples.count) spec examples")
    }

    /// The comparison above holds with math on because no example holds a formula by kb's rules,
    /// though 17 hold `$`, `\(` or `\[`: code (spans, fenced, indented, info strings), an HTML block,
    /// an autolink and link destinations keep theirs; `\$` is a dollar, `\(\)` is empty, `\[`
    /// opens no block without a `\]`, and a lone `$` (`$a; ?>`, `$.;'there`) has no closing one.
    @Test func noExampleHoldsAFormula() throws {
        let examples = Self.examples().filter {
            $0.markdown.contains("$") || $0.markdown.contains("\\(") || $0.markdown.contains("\\[")
        }
        try #require(!examples.isEmpty, "skipped: no spec examples at \(Self.specFolder.path)")
        #expect(examples.count == 17)
        let math = examples.filter { !MarkdownDocument($0.markdown).formulas().isEmpty }
        #expect(math.isEmpty, "formulas in \(math.map(\.testDescription))")
    }

    /// With raw HTML off, kb neutralises the tree itself and renders unsafe (see
    /// `MarkdownDocument.render`); that must equal cmark's own safe mode on every example.
    @Test func safeModeEqualsCmarksSafeMode() throws {
        let examples = Self.examples()
        try #require(!examples.isEmpty, "skipped: no spec examples at \(Self.specFolder.path)")
        let differing = examples.filter { example in
            let document = MarkdownDocument(example.markdown, options: MarkdownOptions(rawHTML: .omitted))
            return document.html() != document.render(document.root, options: 0)
        }
        #expect(differing.isEmpty, "differs from cmark's safe mode on \(differing.map(\.testDescription))")
    }

    /// `MarkdownSections` cuts a long note only where the HTML stays the same. Each example is
    /// followed by a heading, which offers a cut; then all the examples the cutter accepts make one
    /// document, cut at every place it can be.
    @Test func documentsCutIntoSectionsRenderAsWhole() throws {
        let examples = Self.examples()
        try #require(!examples.isEmpty, "skipped: no spec examples at \(Self.specFolder.path)")
        func html(_ markdown: String, cut: Bool) -> (html: String, sections: Int) {
            let sections = cut ? Array(MarkdownSections(markdown, size: 1)) : [.init(text: markdown[...], firstLine: 1)]
            return (sections.map { MarkdownDocument($0.text, firstLine: $0.firstLine).html() }.joined(), sections.count)
        }
        let documents = examples.map { ($0.testDescription, $0.markdown + "\n\n# next\n\n") }
        let differing = documents.filter { html($0.1, cut: true).html != html($0.1, cut: false).html }
        #expect(differing.isEmpty, "cutting changes \(differing.map(\.0))")
        let cuttable = documents.filter { html($0.1, cut: true).sections > 1 }.map(\.1)
        #expect(cuttable.count > 400, "only \(cuttable.count) examples can be cut")
        let all = html(cuttable.joined(), cut: true)
        #expect(all.sections > cuttable.count / 2)
        #expect(all.html == html(cuttable.joined(), cut: false).html)
    }

    private func normalized(_ html: String) -> String {
        html.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: "> <", with: "><").trimmingCharacters(in: .whitespaces)
    }

    // MARK: Callouts and admonitions

    @Test func calloutsLeaveEverySpecExampleAsItWas() throws {
        let examples = Self.examples()
        try #require(examples.count == 720, "skipped: no spec examples at \(Self.specFolder.path)")
        let differing = examples.filter { example in
            let document = MarkdownDocument(example.markdown, options: MarkdownOptions(rawHTML: .trusted))
            let plain = document.html()
            document.renderCallouts { $0.rawValue }
            return document.html() != plain || !document.admonitionLines.isEmpty
        }
        #expect(differing.isEmpty, "callouts change \(differing.map(\.testDescription))")
    }

    /// An admonition's body is read as a document of its own: each example, indented as a body,
    /// renders as it does alone, inside the callout.
    @Test func everySpecExampleAsAnAdmonitionsBody() throws {
        let examples = Self.examples()
        try #require(examples.count == 720, "skipped: no spec examples at \(Self.specFolder.path)")
        let differing = examples.filter { example in
            let plain = MarkdownDocument(example.markdown, options: MarkdownOptions(rawHTML: .trusted)).html()
            let body = example.markdown.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "    " + String($0) }.joined(separator: "\n")
            let document = MarkdownDocument("!!! note \"\"\n" + body, options: MarkdownOptions(rawHTML: .trusted))
            document.renderCallouts { $0.rawValue }
            let content = plain.isEmpty ? "" : "<div class=\"callout-content\">\n\(plain)</div>\n"
            return document.html() != "<div class=\"callout\" data-callout=\"note\">\n\(content)</div>\n"
        }
        // A tab after `>` or `-` sits on another tab stop once the line loses its indentation; and
        // footnotes are listed at the end of the document, after the callout.
        #expect(
            differing.map(\.testDescription) == [
                "gfm-spec.txt #6", "gfm-spec.txt #7", "gfm-extensions.txt #23", "gfm-regression.txt #13",
            ])
    }
}
