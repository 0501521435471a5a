import Foundation
import Testing

@testable import KnowledgeBase

/// Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) become U+FFFD with a
/// warning where they enter: in a file's text, and in the YAML escapes of its front matter.
@Suite struct NoncharacterTests {
    /// `{FFFE}` in `text` as U+FFFE: Swift's literals refuse noncharacters.
    static func t(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"),
            let value = UInt32(rest[rest.index(after: open)..<close], radix: 16), let scalar = Unicode.Scalar(value)
        {
            result += rest[..<open]
            result.unicodeScalars.append(scalar)
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func source(_ bytes: [UInt8]) -> SourceText {
        SourceText(SourceFile(path: "x.md", displayPath: "Content/x.md", bytes: bytes))
    }

    /// What `SourceText` must make of one scalar, by Unicode's own properties rather than the
    /// byte test it uses.
    static func isReplaced(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar != "\t", scalar != "\n", scalar != "\r" else { return false }
        return scalar.properties.isNoncharacterCodePoint || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Every scalar of the Basic Multilingual Plane and the last 4,096 of each other plane, where
    /// the byte test could go wrong, each alone between two letters.
    @Test func everyScalarIsKeptOrReplacedAsUnicodeSays() {
        let planes = (1...16).flatMap { plane in (plane << 16 | 0xF000)...(plane << 16 | 0xFFFF) }
        var wrong: [String] = []
        for value in Array(0...0xFFFF) + planes {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let source = Self.source(Array("a\(String(scalar))b".utf8))
            let replaced = Self.isReplaced(scalar)
            let kept = replaced ? "\u{FFFD}" : scalar == "\r" ? "\n" : String(scalar)
            if source.text != "a" + kept + "b" || source.diagnostics.count != (replaced ? 1 : 0) {
                wrong.append(String(value, radix: 16))
            }
        }
        #expect(wrong.isEmpty, "wrong for U+\(wrong.prefix(20).joined(separator: ", U+"))")
    }

    @Test(arguments: [
        (
            NoncharacterTests.t("a{FDD0}b"), "a\u{FFFD}b",
            "Content/x.md:1:2: warning: noncharacters replaced with U+FFFD"
        ),
        (
            NoncharacterTests.t("阿里\n云{FDEF}"), "阿里\n云\u{FFFD}",
            "Content/x.md:2:2: warning: noncharacters replaced with U+FFFD"
        ),
        (
            NoncharacterTests.t("{FFFE}{FFFF}"), "\u{FFFD}\u{FFFD}",
            "Content/x.md:1:1: warning: noncharacters replaced with U+FFFD"
        ),
        (
            NoncharacterTests.t("x\r\ny{1FFFE}{10FFFF}"), "x\ny\u{FFFD}\u{FFFD}",
            "Content/x.md:2:2: warning: noncharacters replaced with U+FFFD"
        ),
    ])
    func noncharactersInTextAreReplacedWhereTheyAre(text: String, kept: String, warning: String) {
        let source = Self.source(Array(text.utf8))
        #expect(source.text == kept)
        #expect(source.diagnostics.map(\.description) == [warning])
    }

    /// Their neighbours, and characters whose UTF-8 ends like a noncharacter's (俾 is E4 BF BE,
    /// 寿 E5 AF BF, 川 E5 B7 9D), are text like any other.
    @Test func theirNeighboursStay() {
        let text = "\u{FDCF}\u{FDF0}\u{FFFD}\u{FFFC}\u{1FFFD}\u{20000}\u{10FFFD} 俾斯麦 寿命 四川 ＡＩ，。"
        let source = Self.source(Array(text.utf8))
        #expect(source.text == text)
        #expect(source.diagnostics.isEmpty)
    }

    @Test func bothKindsAreReportedOnceEach() {
        let source = Self.source(Array(NoncharacterTests.t("a\u{7}\n{FFFF}\u{1}\n").utf8))
        #expect(source.text == "a\u{FFFD}\n\u{FFFD}\u{FFFD}\n")
        #expect(
            source.diagnostics.map(\.description) == [
                "Content/x.md:1:2: warning: control characters replaced with U+FFFD",
                "Content/x.md:2:1: warning: noncharacters replaced with U+FFFD",
            ])
    }

    /// Escapes make them in YAML, where the text of the file holds none.
    @Test func yamlEscapesAreReplacedAtTheirValue() {
        let yaml = "---\ntitle: \"A\\uFFFEB\"\ntags: [ok, \"\\U0010FFFF\"]\n\"k\\uFDD0\": v\n---\n"
        let (note, diagnostics) = NoteParser().parse(
            SourceFile(path: "x.md", displayPath: "Content/x.md", bytes: Array(yaml.utf8)))
        #expect(note.title.text == "A\u{FFFD}B")
        #expect(note.tags == ["ok", "\u{FFFD}"])
        #expect(note.properties.map(\.key) == ["k\u{FFFD}"])
        #expect(
            diagnostics.sorted().map(\.description) == [
                "Content/x.md:2:8: warning: noncharacters replaced with U+FFFD",
                "Content/x.md:3:12: warning: noncharacters replaced with U+FFFD",
                "Content/x.md:4:1: warning: noncharacters replaced with U+FFFD",
            ])
    }

    /// Through a whole build: no page, graph data or search file holds one.
    @Test func noOutputHoldsOne() async throws {
        let noncharacters = NoncharacterTests.t("{FDD0}{FFFE}{FFFF}{1FFFF}{10FFFE}")
        let result = try await HostileCasesTests.build([
            "a.md":
                "---\ntitle: \"T\\uFDD2\"\naliases: [\"\\uFFFF\(noncharacters)\"]\nmodel: x\(noncharacters)\n---\n"
                + "# H\(noncharacters)\n\n正文\(noncharacters) [[B\(noncharacters)]]\n",
            "b.md": "# B\n",
        ])
        #expect(!result.failed, "\(result.diagnostics)")
        #expect(!result.files.isEmpty)
        for file in result.files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.unicodeScalars.contains { $0.properties.isNoncharacterCodePoint }, "\(file.path)")
        }
    }
}
