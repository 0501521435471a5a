import Testing

@testable import KnowledgeBase

/// A note's backlinks by kind, each in the group of its first kind, long groups folded.
@Suite struct BacklinkGroupTests {
    static func backlink(_ number: Int) -> NoteView.BacklinkView {
        NoteView.BacklinkView(title: "n\(number)", url: "n\(number).html", kinds: "", kindLabels: "", excerpt: nil)
    }

    @Test func eachBacklinkIsInTheGroupOfItsFirstKindInTheOrderOfKinds() {
        let kinds: [OutgoingLink.Kind] = [.mention, .link, .relation, .link]
        let groups = SiteBuilder.grouped(
            (0..<4).map(Self.backlink), kinds: kinds, labels: Labels(language: "zh-CN"))
        #expect(groups.map(\.kind) == ["link", "relation", "mention"])
        #expect(groups.map(\.label) == ["链接", "关系", "提及"])
        #expect(groups.map(\.count) == [2, 1, 1])
        #expect(groups[0].shown.map(\.title) == ["n1", "n3"], "in the order given")
        #expect(groups.allSatisfy { $0.folded.isEmpty && $0.foldedText == nil })
    }

    @Test func aLongGroupShowsItsFirstFewAndFoldsTheRest() {
        let short = SiteBuilder.grouped(
            (0..<SiteBuilder.backlinksFoldedPast).map(Self.backlink),
            kinds: Array(repeating: .link, count: SiteBuilder.backlinksFoldedPast), labels: Labels(language: "en"))
        #expect(short[0].folded.isEmpty, "a group as long as the limit is shown whole")
        let groups = SiteBuilder.grouped(
            (0..<50).map(Self.backlink), kinds: Array(repeating: .mention, count: 50), labels: Labels(language: "en"))
        #expect(groups[0].shown.count == SiteBuilder.backlinksShown)
        #expect(groups[0].folded.count == 50 - SiteBuilder.backlinksShown)
        #expect(groups[0].foldedText == "\(50 - SiteBuilder.backlinksShown) more")
        #expect(groups[0].count == 50)
    }
}
