import Testing

@testable import KnowledgeBase

@Suite struct DiagnosticTests {
    @Test(arguments: [
        ("no note named \"阿里去\" yet (did you mean \"阿里云\"?)", "no note named … yet"),
        ("no note named \"a\"b\" yet", "no note named … yet"),
        (
            "\"Security\" could mean \"a.md\" or \"b.md\"; it leads to the first",
            "… could mean … or …; it leads to the first"
        ),
        (
            "front matter is not closed: add a line \"---\" after it",
            "front matter is not closed: add a line … after it"
        ),
        ("a quote \" that opens nothing", "a quote \" that opens nothing"),
        (
            "no base_url: feed.xml and sitemap.xml need absolute URLs",
            "no base_url: feed.xml and sitemap.xml need absolute URLs"
        ),
    ])
    func theKindIsTheMessageWithoutWhatVaries(message: String, kind: String) {
        #expect(Diagnostic.kind(of: message) == kind)
        #expect(Diagnostic.warning("x.md", message).kind == kind)
    }
}
