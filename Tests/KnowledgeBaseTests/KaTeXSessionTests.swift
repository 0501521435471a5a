import Foundation
import Testing

@testable import KnowledgeBase
@testable import Markdown

/// How many Node processes a build starts, and that the answers do not depend on it.
@Suite struct KaTeXSessionTests {
    static let installed = KaTeX.installed.missing == nil && KaTeX.installed.highlighterMissing == nil

    static func formulas(_ range: Range<Int>) -> [NoteFormula] {
        range.map { NoteFormula(formula: MathFormula(tex: "x_{\($0)} + \\frac{1}{\($0)}", layout: .inline)) }
    }

    static let code = (0..<20).map {
        NoteCodeBlock(block: CodeBlock(language: $0 % 2 == 0 ? "swift" : "python", code: "let n\($0) = \($0) // 中文"))
    }

    /// Every answer of a session fed `batches` one after the other, with how many processes it started.
    static func answers(_ session: KaTeXSession, _ batches: [[NoteFormula]]) async -> (
        [Typesetting.Key: KaTeX.Outcome], processes: Int
    ) {
        for batch in batches { session.submit(batch) }
        session.submit(code)
        // Asked again, as Typeset does after Render: nothing goes to Node twice.
        for batch in batches { session.submit(batch) }
        let (outcomes, stopped) = await session.finish()
        #expect(stopped == nil)
        return (outcomes, session.processCount)
    }

    @Test(.enabled(if: installed, "KaTeX or highlight.js is not installed"))
    func aSmallSiteStartsOneProcess() async {
        let session = KaTeXSession(processes: 4)
        let (outcomes, processes) = await Self.answers(session, [Self.formulas(0..<30), Self.formulas(20..<60)])
        #expect(processes == 1)
        #expect(outcomes.count == 60 + Self.code.count)
    }

    @Test(.enabled(if: installed, "KaTeX or highlight.js is not installed"))
    func anotherProcessStartsOnlyBehindABacklogAndAnswersTheSame() async {
        let batches = (0..<8).map { Self.formulas($0 * 25..<$0 * 25 + 25) }
        // Node takes tens of milliseconds to start: every batch after the first finds the
        // processes started all behind, until there are three.
        let (many, processes) = await Self.answers(KaTeXSession(processes: 3, backlog: 0), batches)
        #expect(processes == 3)
        let (one, _) = await Self.answers(KaTeXSession(processes: 1), batches)
        #expect(many.count == 200 + Self.code.count)
        #expect(many == one)
        #expect(
            many[Typesetting.Key(MathFormula(tex: "x_{7} + \\frac{1}{7}", layout: .inline))].map {
                if case .html(let html) = $0 { html.hasPrefix("<span class=\"katex\">") } else { false }
            } == true)
    }

    @Test func keysCompareTheirBytes() {
        // "é" composed and decomposed: one String to Swift, two formulas to KaTeX.
        let composed = Typesetting.Key(MathFormula(tex: "\\text{caf\u{E9}}", layout: .inline))
        let decomposed = Typesetting.Key(MathFormula(tex: "\\text{cafe\u{301}}", layout: .inline))
        #expect(composed.text == decomposed.text)
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed, composed]).count == 2)
        #expect(composed == Typesetting.Key(MathFormula(tex: "\\text{caf\u{E9}}", layout: .inline)))
        #expect(composed != Typesetting.Key(MathFormula(tex: "\\text{caf\u{E9}}", layout: .block)))
    }

    @Test func answersAreReadWithTheirEscapesUndone() {
        func read(_ line: String) -> KaTeX.Outcome? { KaTeX.outcome(Array(line.utf8)[...]) }
        #expect(read(#"ha\\b\nc 中\"#) == .html("a\\b\nc 中\\"))
        #expect(read("h<span>plain</span>") == .html("<span>plain</span>"))
        #expect(read(#"eunknown \"x\""#) == .failure("unknown \"x\""))
        #expect(read("h") == .html(""))
        #expect(read("") == nil)
        #expect(read("x1") == nil)
    }
}
