import Foundation
import Testing

@testable import KnowledgeBase

@Suite struct WikilinkTests {
    @Test(arguments: [
        ("[[阿里云]]", Wikilink(target: "阿里云")),
        ("[[ 阿里云 | 阿里 ]]", Wikilink(target: "阿里云", label: "阿里")),
        ("[[阿里云#历史]]", Wikilink(target: "阿里云", heading: "历史")),
        ("[[阿里云#历史|那段历史]]", Wikilink(target: "阿里云", heading: "历史", label: "那段历史")),
        ("[[#三次浪潮]]", Wikilink(target: "", heading: "三次浪潮")),
        ("![[images/three-waves.svg]]", Wikilink(target: "images/three-waves.svg", isEmbed: true)),
        ("![[a.png|示意图]]", Wikilink(target: "a.png", label: "示意图", isEmbed: true)),
    ])
    func scansEveryForm(text: String, link: Wikilink) {
        let found = Wikilink.scan("前 " + text + " 后")
        #expect(found.map(\.link) == [link])
        #expect(found.first.map { String(("前 " + text + " 后")[$0.range]) } == text)
    }

    @Test(arguments: ["[[]]", "[[ ]]", "[[|x]]", "[[#]]", "[ [x]]", "[[x] ]", "[[x"])
    func ignoresWhatIsNotALink(text: String) {
        #expect(Wikilink.scan(text).isEmpty)
    }

    @Test func findsSeveralAndTheInnermost() {
        #expect(Wikilink.scan("[[a]] and [[b|c]]").map(\.link.target) == ["a", "b"])
        #expect(Wikilink.scan("[[a [[b]] c]]").map(\.link.target) == ["b"])
    }

    static let index: EntityIndex = {
        let notes = [
            SlugTests.note("organizations/alibaba-cloud", "阿里云", aliases: ["Alibaba Cloud", "ＡＩ云"]),
            SlugTests.note("models/qwen", "通义千问", aliases: ["Qwen"]),
            SlugTests.note("people/wang-jian", "王坚"),
        ]
        return EntityIndex.build(notes: notes, assets: ["images/three-waves.svg"]).0
    }()

    @Test(arguments: [
        ("阿里云", "阿里云"), ("  阿里云 ", "阿里云"), ("alibaba cloud", "阿里云"), ("ALIBABA CLOUD", "阿里云"),
        ("AI云", "阿里云"), ("ａｉ云", "阿里云"), ("organizations/alibaba-cloud", "阿里云"),
        ("organizations/alibaba-cloud.md", "阿里云"), ("/organizations/alibaba-cloud", "阿里云"),
        ("alibaba-cloud", "阿里云"), ("QWEN", "通义千问"),
        ("wang-jian", "王坚"), ("王坚", "王坚"),
    ])
    func resolvesTitlesAliasesPathsAndSlugs(name: String, title: String) {
        #expect(Self.index.note(named: name).map { Self.index.notes[$0].title.text } == title)
    }

    @Test(arguments: ["阿里", "阿里云计算x", "organizations", "qwen3"])
    func leavesUnknownNamesUnresolved(name: String) {
        #expect(Self.index.note(named: name) == nil)
    }

    @Test func suggestsTheClosestNames() {
        #expect(Self.index.suggestions(for: "阿里云计算") == ["阿里云"])
        #expect(Self.index.suggestions(for: "Alibaba Clod") == ["Alibaba Cloud"])
        #expect(Self.index.suggestions(for: "完全无关的名字").isEmpty)
    }

    @Test func findsAssetsByPathOrFileName() {
        #expect(Self.index.asset(named: "three-waves.svg") == "images/three-waves.svg")
        #expect(Self.index.asset(named: "images/three-waves.svg") == "images/three-waves.svg")
        #expect(Self.index.asset(named: "other.svg") == nil)
    }

    /// The fast path for ASCII and common ideographs gives what full NFKC gives.
    @Test(arguments: [
        "阿里云", "  Qwen3 ", "ＡＩ云", "Cafe\u{301}", "Caf\u{E9}", "\u{F900}", "云\u{3000}栖", "ﬁle", "Ⅻ", "a\u{30A}",
    ])
    func nameKeysAreNFKCLowercased(name: String) {
        #expect(NameKey.make(name) == name.precomposedStringWithCompatibilityMapping.lowercased().trimmingSpaces)
    }

    /// ASCII and CJK take a fast path; other spaces (ideographic, no-break, em) still count.
    @Test(arguments: [
        ("\u{3000} 阿里 云\t\n", "阿里 云"), ("\u{A0}x\u{2003}", "x"), ("阿", "阿"), (" \u{3000} ", ""),
    ])
    func trimmingSpacesKeepsTheInside(text: String, expected: String) {
        #expect(text.trimmingSpaces == expected)
    }
}
