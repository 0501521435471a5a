import Testing

@testable import KnowledgeBase

@Suite struct MentionMatcherTests {
    static func matches(
        _ text: String, names: [(String, Int)], blocked: [String] = []
    ) -> [String] {
        let matcher = MentionMatcher(names: names.map { (name: $0.0, target: $0.1) }, blockedWords: blocked)
        let scalars = Array(text.unicodeScalars)
        return matcher.matches(in: scalars).map {
            String(String.UnicodeScalarView(scalars[$0.range])) + "→\($0.target)"
        }
    }

    @Test func longestNameWins() {
        let names = [("阿里", 1), ("阿里云", 2), ("阿里云智能集团", 3)]
        #expect(Self.matches("阿里云智能集团与阿里云和阿里", names: names) == ["阿里云智能集团→3", "阿里云→2", "阿里→1"])
    }

    /// Characters beyond the Basic Multilingual Plane miss the root's flat table and take the
    /// hashed one, at the root as anywhere else.
    @Test func namesStartingOutsideTheBasicPlaneMatch() {
        #expect(Self.matches("见𠀋云和云𠀋", names: [("𠀋云", 1), ("云𠀋", 2)]) == ["𠀋云→1", "云𠀋→2"])
    }

    @Test func leftmostMatchWinsOverALongerOverlappingOne() {
        #expect(Self.matches("通义千问", names: [("通义", 1), ("义千问", 2)]) == ["通义→1"])
    }

    @Test func chineseMatchesInsideRunningText() {
        #expect(Self.matches("我们在云栖小镇见面", names: [("云栖小镇", 1)]) == ["云栖小镇→1"])
    }

    @Test func aBlockedWordKeepsAShorterNameFromMatchingInsideIt() {
        let names = [("阿里", 1)]
        #expect(Self.matches("阿里巴巴和阿里", names: names) == ["阿里→1", "阿里→1"])
        #expect(Self.matches("阿里巴巴和阿里", names: names, blocked: ["阿里巴巴"]) == ["阿里→1"])
    }

    @Test func latinNamesMatchWholeWordsIgnoringCaseAndWidth() {
        let names = [("Qwen", 1), ("Alibaba Cloud", 2), ("Qwen3-VL", 3)]
        #expect(Self.matches("qwen and QWEN3-VL", names: names) == ["qwen→1", "QWEN3-VL→3"])
        #expect(Self.matches("Qwens and Qwen3", names: names).isEmpty)
        #expect(Self.matches("ａｌｉｂａｂａ ｃｌｏｕｄ", names: names) == ["ａｌｉｂａｂａ ｃｌｏｕｄ→2"])
        #expect(Self.matches("用Qwen写代码", names: names) == ["Qwen→1"])
    }

    @Test(arguments: [("云", false), ("AI", false), ("ab", false), ("云栖", true), ("Wan", true), ("A1B", true)])
    func shortNamesAreNeverMatched(name: String, safe: Bool) {
        #expect(MentionMatcher.isSafe(name) == safe)
        #expect(Self.matches("x \(name) y", names: [(name, 1)]).isEmpty == !safe)
    }

    @Test func noNamesNoMatches() {
        #expect(Self.matches("任何文字", names: []).isEmpty)
    }
}
