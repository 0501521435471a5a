import Foundation
import Testing

@testable import KnowledgeBase

/// JSON Canvas files: decoding, the warnings at their places, and the board Render draws.
@Suite struct CanvasTests {
    static func parse(_ json: String) -> (CanvasDocument, [String]) {
        let (canvas, diagnostics) = CanvasDocument.parse(json, file: "Content/b.canvas")
        return (canvas, diagnostics.map(\.description))
    }

    @Test func decodesEveryNodeTypeAndEdge() {
        let (canvas, warnings) = Self.parse(
            """
            {"nodes": [
            \t{"id": "g", "type": "group", "x": -10, "y": -20, "width": 500, "height": 300, "label": "Team",
            \t "background": "bg.png", "backgroundStyle": "ratio", "color": "4"},
            \t{"id": "t", "type": "text", "x": 0, "y": 0, "width": 200, "height": 100, "text": "{\\"not\\": [a list]}"},
            \t{"id": "f", "type": "file", "x": 300, "y": 0, "width": 200, "height": 100, "file": "A.md", "subpath": "#Part",
            \t "color": "#A0B1C2"},
            \t{"id": "l", "type": "link", "x": 0, "y": 200, "width": 200, "height": 50, "url": "https://example.com"}
            ],
            "edges": [{"id": "e", "fromNode": "t", "fromSide": "right", "toNode": "f", "label": "next", "color": "2"}]}
            """)
        #expect(warnings == [])
        #expect(
            canvas.nodes.map(\.content) == [
                .group(label: "Team", background: "bg.png", backgroundStyle: .ratio), .text(#"{"not": [a list]}"#),
                .file("A.md", subpath: "Part"), .link("https://example.com"),
            ])
        #expect(canvas.nodes.map(\.color) == [.preset(4), nil, .hex("#a0b1c2"), nil])
        // Each node's place is its `{`, past the tab that indents it.
        #expect(canvas.nodes.map(\.place) == [2, 4, 5, 7].map { CanvasPlace(line: $0, byteColumn: 2) })
        let edge = canvas.edges[0]
        #expect(edge.fromSide == .right && edge.toSide == nil)
        // The spec's defaults: no arrow where an edge starts, one where it ends.
        #expect(!edge.fromArrow && edge.toArrow)
        #expect(edge.label == "next" && edge.color == .preset(2))
    }

    @Test func warnsAtEachNodeItLeavesOutAndDrawsTheRest() {
        let (canvas, warnings) = Self.parse(
            """
            {
              "nodes": [
                {"id": "a", "type": "text", "x": 0, "y": 0, "width": 10, "height": 10, "text": "é", "color": "red"},
                  {"id": "b", "type": "sticker", "x": 0, "y": 0, "width": 10, "height": 10},
                {"id": "c", "type": "text", "x": "0", "y": 0, "width": 10, "height": 10, "text": ""},
                {"id": "d", "type": "file", "x": 0, "y": 0, "width": 10, "height": 10},
                7, {"id": "a", "type": "link", "x": 0, "y": 0, "width": 10, "height": 10, "url": "https://a.example"}
              ],
              "edges": [
                {"id": "e", "fromNode": "a", "toNode": "b", "toEnd": "circle"},
                {"id": "f", "fromNode": "a", "toNode": "a", "fromSide": "middle", "toEnd": "none"}
              ]
            }
            """)
        #expect(
            warnings == [
                #"Content/b.canvas:3:5: warning: node "a" has the color "red", neither "1" to "6" nor #rgb or #rrggbb; ignored"#,
                #"Content/b.canvas:4:7: warning: node "b" has the unknown type "sticker"; left out"#,
                #"Content/b.canvas:5:5: warning: node "c": "x" is not a number; left out"#,
                #"Content/b.canvas:6:5: warning: node "d" has no "file"; left out"#,
                "Content/b.canvas:7:5: warning: a canvas node is not a JSON object; left out",
                #"Content/b.canvas:7:8: warning: a second node "a"; left out, as ids must differ"#,
                #"Content/b.canvas:10:5: warning: edge "e" joins "b", which is no node of this canvas; left out"#,
                #"Content/b.canvas:11:5: warning: edge "f" has the fromSide "middle", not top, right, bottom or left; ignored"#,
            ])
        #expect(canvas.nodes.map(\.id) == ["a"])
        #expect(canvas.edges.map(\.id) == ["f"])
        #expect(canvas.edges.first?.toArrow == false)
    }

    @Test func coordinatesFarOutAreLeftOut() {
        let (canvas, warnings) = Self.parse(
            #"{"nodes": [{"id": "a", "type": "text", "x": -1e308, "y": 0, "width": 10, "height": 10, "text": ""}]}"#)
        #expect(canvas.nodes.isEmpty)
        #expect(warnings == [#"Content/b.canvas:1:12: warning: node "a": "x" lies past ±1000000; left out"#])
    }

    @Test func jsonThatDoesNotParseIsOneWarningAtItsLine() {
        let (canvas, warnings) = Self.parse("{\n  \"nodes\": [\n    {\"id\": \"a\"\n  ]\n}\n")
        #expect(canvas == CanvasDocument())
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("Content/b.canvas:4:") == true)
        #expect(warnings.first?.hasSuffix("the canvas is not valid JSON; nothing drawn") == true)
        #expect(
            Self.parse("[]").1 == [
                #"Content/b.canvas:1:1: warning: a canvas is a JSON object with "nodes" and "edges""#
            ])
        #expect(Self.parse("{}").1 == [])
    }

    @Test(arguments: [
        ("1", CanvasColor.preset(1)), ("6", .preset(6)), ("#abc", .hex("#abc")), ("#ABCDEF", .hex("#abcdef")),
    ])
    func colorsKept(written: String, color: CanvasColor) {
        #expect(CanvasColor(written) == color)
    }

    @Test(arguments: ["0", "7", "12", "red", "#abcd", "#ggg", "#abc;x", "#abc\"", "abc", "", "#", "１"])
    func colorsRefused(written: String) {
        #expect(CanvasColor(written) == nil)
    }

    @Test func edgesCurveOutOfTheirSidesWithArrows() throws {
        let (canvas, _) = Self.parse(
            """
            {"nodes": [
            {"id": "a", "type": "text", "x": 100, "y": 100, "width": 100, "height": 50, "text": ""},
            {"id": "b", "type": "text", "x": 400, "y": 100, "width": 100, "height": 50, "text": ""}],
            "edges": [{"id": "e", "fromNode": "a", "toNode": "b", "fromEnd": "arrow"},
            {"id": "f", "fromNode": "a", "fromSide": "bottom", "toNode": "b", "toSide": "bottom", "toEnd": "none"}]}
            """)
        let layout = CanvasLayout(canvas)
        // The top-left node sits the margin from the corner.
        #expect(layout.frame(of: canvas.nodes[0]) == CanvasLayout.Frame(x: 40, y: 40, width: 100, height: 50))
        #expect(layout.width == 480 && layout.height == 130)
        let facing = try #require(layout.curve(for: canvas.edges[0]))
        // Right side of a to the left side of b, the controls half the distance out.
        #expect(facing.path == "M140,65 C240,65 240,65 340,65")
        #expect(facing.arrows == ["340,65 328,59 328,71", "140,65 152,71 152,59"])
        let below = try #require(layout.curve(for: canvas.edges[1]))
        #expect(below.path == "M90,90 C90,240 390,240 390,90")
        #expect(below.arrows == [])
        #expect(below.middle == CanvasLayout.Point(x: 240, y: 202.5))
    }

    static func renderBoard(_ json: String, settings: SiteSettings = SiteSettings()) -> (RenderedNote, EntityIndex) {
        let parser = NoteParser()
        let board = parser.parse(SourceFile(path: "b.canvas", displayPath: "Content/b.canvas", bytes: Array(json.utf8)))
        let note = parser.parse(
            SourceFile(path: "A.md", displayPath: "Content/A.md", bytes: Array("Intro.\n\n## Part\n\nA's part.\n".utf8))
        )
        let index = EntityIndex.build(notes: [board.note, note.note], assets: ["bg.png"]).0
        let position = index.notes.firstIndex { $0.isCanvas } ?? 0
        return (NoteRenderer(index: index, settings: settings).render(position), index)
    }

    @Test func rendersNodesSafelyAndLinksAsCanvas() {
        let (board, _) = Self.renderBoard(
            """
            {"nodes": [
            {"id": "t", "type": "text", "x": 0, "y": 0, "width": 200, "height": 100,
             "text": "See [[A]] and [[Missing]]<script>alert(1)</script>[x](javascript:alert(1))"},
            {"id": "f", "type": "file", "x": 300, "y": 0, "width": 200, "height": 100, "file": "A.md", "subpath": "#Part",
             "color": "#123456"},
            {"id": "i", "type": "file", "x": 0, "y": 200, "width": 100, "height": 100, "file": "bg.png"},
            {"id": "l", "type": "link", "x": 300, "y": 200, "width": 100, "height": 100, "url": " java\\tscript:alert(1)"},
            {"id": "m", "type": "link", "x": 300, "y": 400, "width": 100, "height": 100, "url": "https://example.com/?a=1&b=\\""}
            ], "edges": [{"id": "e", "fromNode": "t", "toNode": "f", "label": "<b>on</b>", "color": "#abc"}]}
            """)
        #expect(board.html.contains(#"<a class="wikilink" href="a.html">A</a>"#))
        #expect(!board.html.contains("<script"))
        #expect(!board.html.contains("javascript:alert(1)\""))
        #expect(!board.html.contains(#"href=" java"#))
        #expect(board.html.contains("<span class=\"canvas-link-card\"> java\tscript:alert(1)</span>"))
        #expect(board.html.contains(#"href="https://example.com/?a=1&amp;b=&quot;""#))
        #expect(board.html.contains(#"<div class="embed"><p class="embed-title"><a href="a.html#part">A › Part</a>"#))
        #expect(board.html.contains(#"<img src="bg.png""#))
        #expect(board.html.contains(#"style="left:340px;top:40px;width:200px;height:100px;--canvas-color:#123456""#))
        #expect(board.html.contains(#"&lt;b&gt;on&lt;/b&gt;</span>"#))
        // Both the wikilink and the file node lead to A, each a backlink of the kind canvas.
        #expect(board.links.map(\.kind) == [.canvas, .canvas])
        #expect(board.unresolved.map(\.name) == ["Missing"])
        // Reported at the node, whose text is all on line 2 of the file.
        #expect(board.unresolved.first?.location == SourceLocation(line: 2, column: 1))
        #expect(
            board.diagnostics.map(\.description).contains { $0.hasPrefix("Content/b.canvas:7:1: warning: node \"l\"") })
    }

    @Test func aCanvasIsAPageThatNotesEmbedAndLinkTo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-canvas-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = folder.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("![[Map.canvas]]\n\n[[Map.canvas]]\n".utf8).write(to: content.appendingPathComponent("Note.md"))
        try Data(#"{"nodes":[{"id":"a","type":"text","x":0,"y":0,"width":10,"height":10,"text":"[[Note]]"}]}"#.utf8)
            .write(to: content.appendingPathComponent("Map.canvas"))
        var options = BuildOptions(content: "Content", templates: "Templates", output: "Public")
        options.content = content
        options.templates = GoldenSiteTests.projectTemplates
        let result = await Build.run(options)
        let pages = Dictionary(result.files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }) { a, _ in a }
        let map = try #require(pages["map-canvas.html"])
        #expect(map.contains(#"<script src="assets/canvas.js" defer></script>"#))
        #expect(map.contains(#"<a href="note.html">Note</a> <span class="kind">link · embed</span>"#))
        let note = try #require(pages["note.html"])
        #expect(note.contains(#"<script src="assets/canvas.js" defer></script>"#))
        #expect(note.contains(#"<a href="map-canvas.html">Map.canvas</a></p><div class="embed-body">"#))
        #expect(note.contains(#"<div class="backlink-group canvas">"#))
        #expect(result.files.contains { $0.path == "assets/canvas.js" })
    }
}
