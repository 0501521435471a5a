import Foundation
import Testing

@testable import KnowledgeBase
@testable import Markdown

/// Formulas through a whole build: typeset once by KaTeX, warned about where they stand, and
/// KaTeX's stylesheet only where a page shows one.
@Suite struct MathSiteTests {
    static func build(_ notes: [String: String]) async throws -> BuildResult {
        var cache = BuildCache()
        return try await ObsidianSiteTests.build(notes, cache: &cache)
    }

    static let katexInstalled = KaTeX.installed.missing == nil

    @Test(.enabled(if: katexInstalled, "KaTeX is not installed (apt-get install nodejs katex libjs-katex fonts-katex)"))
    func aBuildTypesetsItsFormulasAndLinksKaTeXOnlyWhereThereAreSome() async throws {
        let result = try await Self.build([
            "euler.md":
                "# Euler\n\nInline $e^{i\\pi} + 1 = 0$, and a block:\n\n$$\n\\sum_{k=1}^n k = \\frac{n(n+1)}{2}\n$$\n",
            "plain.md": "# Plain\n\nCosts $5 and $6.\n",
        ])
        #expect(!result.failed, "\(result.diagnostics)")
        let euler = ObsidianSiteTests.text(result, "euler.html")
        #expect(euler.contains("<span class=\"math math-inline\"><span class=\"katex\">"))
        #expect(euler.contains("<div class=\"math math-display\"><span class=\"katex-display\">"))
        #expect(euler.contains("<link rel=\"stylesheet\" href=\"assets/katex/katex.min.css\">"))
        #expect(!euler.contains("\u{2}"))
        let plain = ObsidianSiteTests.text(result, "plain.html")
        #expect(plain.contains("Costs $5 and $6."))
        #expect(!plain.contains("katex"))
        #expect(!ObsidianSiteTests.text(result, "index.html").contains("katex"))

        let css = ObsidianSiteTests.text(result, "assets/katex/katex.min.css")
        #expect(css.contains("url(fonts/KaTeX_Main-Regular.woff2)") && !css.contains(".ttf") && !css.contains(".woff)"))
        let fonts = result.files.map(\.path).filter { $0.hasPrefix("assets/katex/fonts/") }
        #expect(fonts.count == 20 && fonts.allSatisfy { $0.hasSuffix(".woff2") })
        // The search text holds the TeX.
        #expect(
            result.files.contains {
                $0.path.hasPrefix("search/d") && String(decoding: $0.bytes, as: UTF8.self).contains("e^{i\\\\pi}")
            })
    }

    @Test(.enabled(if: katexInstalled, "KaTeX is not installed"))
    func aFormulaKaTeXCannotParseIsAWarningAtItsDollar() async throws {
        let result = try await Self.build(["bad.md": "# Bad\n\n中文 $\\frac{1}{$ and $x$\n\n  $$\n  \\undefined\n  $$\n"])
        let warnings = result.diagnostics.filter { $0.kind == "formula not typeset" }
        #expect(warnings.map { "\($0.line):\($0.column)" } == ["3:4", "5:3"])
        #expect(warnings.allSatisfy { $0.file.hasSuffix("bad.md") && $0.severity == .warning })
        #expect(warnings.last?.message == "formula not typeset: Undefined control sequence: \\undefined at position 1")
        let page = ObsidianSiteTests.text(result, "bad.html")
        #expect(page.contains("<code class=\"math-error\" title=\""))
        #expect(page.contains(">\\frac{1}{</code>"))
        #expect(page.contains("<span class=\"katex\">"))
    }

    @Test func withoutKaTeXFormulasShowAsTeXWithOneWarning() async throws {
        let notes = ["a.md": "$a_1$ and $$b$$\n", "b.md": "\\(c\\)\n"].map { path, body in
            NoteParser().parse(SourceFile(path: path, displayPath: path, bytes: Array(body.utf8))).note
        }
        let index = EntityIndex.build(notes: notes, assets: []).0
        let renderer = NoteRenderer(index: index, settings: SiteSettings())
        let rendered = index.notes.indices.map { renderer.render($0) }
        let missing = KaTeX(node: nil, module: nil, stylesheet: nil)
        let typesetting = await Typesetting.make(
            rendered: rendered, files: index.notes.map(\.file), session: KaTeXSession(katex: missing))
        #expect(
            typesetting.diagnostics.map(\.description) == [
                "a.md:1:1: warning: formulas are shown as TeX: KaTeX is not installed (apt-get install nodejs katex libjs-katex fonts-katex)"
            ])
        #expect(
            typesetting.html(rendered[0].html)
                == #"<p><span class="math math-inline">\(a_1\)</span> and <span class="math math-display">\[b\]</span></p>"#
                + "\n")
        #expect(typesetting.stylesheet().isEmpty)
        let page = typesetting.page(
            Page(
                path: "a.html", template: "note",
                context: PageContext(
                    site: SiteView(title: "", language: "en", labels: Labels(language: "en"), hasFeed: false), root: "",
                    title: "a",
                    note: nil)))
        #expect(!page.context.hasMath)
    }

    @Test(.enabled(if: katexInstalled, "KaTeX is not installed"))
    func aRebuildAsksKaTeXOnlyForNewFormulasAndMakesWhatAFreshBuildMakes() async throws {
        var cache = BuildCache()
        _ = try await ObsidianSiteTests.build(["a.md": "# A\n\n$x^2$ and $\\bad{$\n"], cache: &cache)
        #expect(cache.typeset.count == 2)
        let notes = ["a.md": "# A\n\n$x^2$ and $\\bad{$\n", "b.md": "# B\n\n$$\ny^3\n$$\n"]
        let again = try await ObsidianSiteTests.build(notes, cache: &cache)
        #expect(cache.typeset.count == 3)
        let fresh = try await Self.build(notes)
        #expect(again.files == fresh.files)
        #expect(again.diagnostics == fresh.diagnostics)
    }

    @Test func noLinkIsMadeInsideAFormula() {
        let notes = [SlugTests.note("x", "x"), SlugTests.note("q", "Quaternion")]
        let renderer = NoteRenderer(index: EntityIndex.build(notes: notes, assets: []).0, settings: SiteSettings())
        let rendered = renderer.renderFragment("$[[x]] + \\text{Quaternion}$ but Quaternion and [[x]]")
        #expect(rendered.formulas.map(\.formula.tex) == ["[[x]] + \\text{Quaternion}"])
        let html = MathMarkup.replacingMarks(in: rendered.html, MathMarkup.fallback)
        #expect(html.contains(#"<span class="math math-inline">\([[x]] + \text{Quaternion}\)</span> but <a"#))
        #expect(rendered.links.count == 2)
    }

    @Test func anEmbeddedNotesFormulasAreTypesetInThePageButReportedAtHome() async throws {
        let result = try await Self.build(["host.md": "# Host\n\n![[Shown]]\n", "shown.md": "# Shown\n\n$\\nope$\n"])
        let warnings = result.diagnostics.filter {
            $0.kind == "formula not typeset" || $0.kind == "KaTeX is not installed"
        }
        #expect(warnings.count == 1 && warnings.allSatisfy { $0.file.hasSuffix("shown.md") })
        #expect(!ObsidianSiteTests.text(result, "host.html").contains("\u{2}"))
        #expect(ObsidianSiteTests.text(result, "host.html").contains("\\nope"))
    }
}
