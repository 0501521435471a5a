import Testing

@testable import Mustache

/// What the spec leaves to an implementation: errors and their places, `empty(…)`, a partial
/// that includes itself, and the one reading kept from swift-mustache.
@Suite struct TemplateLibraryTests {
    func render(_ template: String, _ data: JSONValue = .object([:]), partials: [String: String] = [:]) -> String {
        let library = TemplateLibrary<JSONValue>(
            [(name: "t", text: template)] + partials.sorted { $0.key < $1.key }.map { (name: $0.key, text: $0.value) })
        return String(decoding: library.render(0, data), as: UTF8.self)
    }

    func error(_ template: String) -> TemplateError? {
        TemplateLibrary<JSONValue>([(name: "t", text: template)]).errors.first
    }

    @Test func errorsPointAtTheNameInTheTag() {
        #expect(
            error("a\n{{#list}}\nb\n{{/lists}}")
                == TemplateError(
                    template: "t", line: 4, column: 4, message: "this closing tag does not match the section it closes")
        )
        #expect(
            error("{{! one\ntwo }}\n  {{#open}}x")
                == TemplateError(
                    template: "t", line: 3, column: 6, message: "a section is opened here and never closed"))
        #expect(error("x {{name") == TemplateError(template: "t", line: 1, column: 3, message: "a tag is not finished"))
        #expect(error("{{=<% =}}")?.message == "a set-delimiter tag is malformed")
        #expect(error("{{first(list)}}")?.message == "unknown function \"first\": the one function is empty(…)")
        #expect(error("{{a..b}}")?.message == "\"a..b\" is not a name")
        #expect(error("{{<p}}{{x}}{{/p}}")?.message == "inside {{<parent}} only {{$block}} sections may stand")
        #expect(error("{{>*dynamic}}")?.message == "dynamic partial names are not supported")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(error("阿里云 {{/x}}")?.column == 8)
    }

    @Test func tagsAreKeptEvenWhenTheTemplateDoesNotParse() {
        let library = TemplateLibrary<JSONValue>([(name: "t", text: "{{> header}}\n{{#a}}\n{{/b}}")])
        #expect(library.tags["t"]?.first == TemplateTag(sigil: ">", name: "header", line: 1, column: 1))
        #expect(library.errors.count == 1)
    }

    @Test func emptyTellsAnEmptyListOrText() {
        let data = JSONValue.object(["none": .array([]), "some": .array([.integer(1)]), "text": .string("")])
        #expect(render("{{^empty(none)}}A{{/empty(none)}}{{^empty(some)}}B{{/empty(some)}}", data) == "B")
        #expect(render("{{#empty(text)}}C{{/empty(text)}}{{^empty(missing)}}D{{/empty(missing)}}", data) == "CD")
    }

    @Test func aPartialThatIncludesItselfForEverStops() {
        #expect(render("{{>t}}").isEmpty)
    }

    @Test func escapingReplacesTheFiveCharacters() {
        #expect(
            render("{{x}}|{{{x}}}", .object(["x": .string("<a href=\"x\">'&'</a>")]))
                == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;|<a href=\"x\">'&'</a>")
    }

    /// After a standalone closing tag whose opening tag was inline, the next line's tag is not
    /// standalone: its line end stays, as swift-mustache wrote it (kb's pages depend on it).
    @Test func aLineAfterAnInlineSectionKeepsItsLineEnd() {
        let data = JSONValue.object(["a": .bool(true), "b": .bool(true)])
        #expect(render("{{#a}}x\n{{/a}}\n{{#b}}\ny\n{{/b}}\n", data) == "x\n\ny\n")
        #expect(render("{{#a}}\nx\n{{/a}}\n{{#b}}\ny\n{{/b}}\n", data) == "x\ny\n")
    }
}
