import Testing

@testable import Markdown

/// Exact text found and replaced on bytes, as Foundation would find it in these cases.
@Suite struct StringBytesTests {
    @Test func replacesEveryOccurrenceLeftToRightWithoutOverlap() {
        #expect("a-b-c".replacingBytes("-", with: "+") == "a+b+c")
        #expect("aaaa".replacingBytes("aa", with: "b") == "bb")
        #expect("aaa".replacingBytes("aa", with: "b") == "ba")
        #expect("<x /><x />".replacingBytes("<x />", with: "<y />") == "<y /><y />")
    }

    @Test func leavesTextWithoutTheTargetAsItIs() {
        #expect("abc".replacingBytes("d", with: "e") == "abc")
        #expect("ab".replacingBytes("abc", with: "e") == "ab")
        #expect("".replacingBytes("a", with: "b") == "")
        #expect("abc".replacingBytes("", with: "x") == "abc")
    }

    @Test func comparesBytesInChineseAndAtTheEnds() {
        #expect("阿里云和阿里".replacingBytes("阿里", with: "Ali") == "Ali云和Ali")
        #expect("返回正文".containsBytes("正文"))
        #expect(!"返回正文".containsBytes("正本"))
        #expect("data-footnote".containsBytes("data-footnote"))
        #expect(!"data-footnot".containsBytes("data-footnote"))
        // A decomposed é is other bytes than a composed one, unlike String's ==.
        #expect(!"cafe\u{301}".containsBytes("café"))
    }
}
