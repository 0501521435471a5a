import Foundation
import KnowledgeBase
import Markdown
import Serve

/// Fuzz targets for libFuzzer, chosen with `KB_FUZZ_TARGET` (frontmatter, wikilinks, mentions,
/// markdown, dates, http, html, canvas). `make fuzz` builds this with `-sanitize=fuzzer,address -D FUZZING`, where libFuzzer
/// supplies `main`. Built normally, it replays the files named on the command line through the
/// target instead, which is how crashes found by fuzzing stay fixed.
enum FuzzTarget: String {
    case frontmatter, wikilinks, mentions, markdown, dates, http, html, canvas

    static let current = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["KB_FUZZ_TARGET"] ?? "") ?? .markdown

    /// A small knowledge base for the renderer to link into: Chinese, Latin and nested names.
    static let renderer: NoteRenderer = {
        let sources = [
            "title: 阿里云\naliases: [Alibaba Cloud, Aliyun]", "title: 阿里", "title: 通义千问\naliases: [Qwen]",
            "title: 云栖小镇\naliases: [Yunqi Town]",
        ]
        let notes = sources.enumerated().map { number, frontMatter in
            NoteParser().parse(
                SourceFile(
                    path: "n\(number).md", displayPath: "n\(number).md", bytes: Array("---\n\(frontMatter)\n---\n".utf8)
                )
            ).note
        }
        return NoteRenderer(index: EntityIndex.build(notes: notes, assets: ["a.png"]).0, settings: SiteSettings())
    }()

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .frontmatter:
            let (note, diagnostics) = NoteParser().parse(SourceFile(path: "f.md", displayPath: "f.md", bytes: bytes))
            precondition(diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 })
            precondition(note.bodyLine >= 1)
        case .wikilinks:
            for (range, link) in Wikilink.scan(text) {
                precondition(range.lowerBound >= text.startIndex && range.upperBound <= text.endIndex)
                precondition(!link.target.isEmpty || link.heading != nil)
            }
        case .mentions:
            // The first lines name notes; the rest is the text to search.
            let lines = text.split(separator: "\n", maxSplits: 4, omittingEmptySubsequences: false)
            let names = lines.dropLast().enumerated().map { (name: String($1), target: $0) }
            let scalars = Array((lines.last.map(String.init) ?? "").unicodeScalars)
            var end = 0
            for match in MentionMatcher(names: names).matches(in: scalars) {
                precondition(match.range.lowerBound >= end && match.range.upperBound <= scalars.count)
                end = match.range.upperBound
            }
        case .markdown:
            // Whatever the text, nothing in the output may run.
            let html = Self.renderer.renderFragment(text).html.lowercased()
            precondition(!html.contains("<script") && !html.contains("href=\"javascript:"), "unsafe output")
            // The renderer sanitizes raw HTML; the tree it rewrites must hold together.
            for rawHTML in [MarkdownOptions.RawHTML.sanitized, .omitted] {
                let html = MarkdownDocument(text, options: MarkdownOptions(rawHTML: rawHTML)).html().lowercased()
                precondition(!html.contains("<script") && !html.contains("href=\"javascript:"), "unsafe output")
            }
            // A long note is parsed in sections; cut at every place allowed, the HTML must not change.
            let cut = MarkdownSections(text, size: 1).map { MarkdownDocument($0.text, firstLine: $0.firstLine).html() }
            precondition(cut.joined() == MarkdownDocument(text).html(), "cutting into sections changed the HTML")
            // The text as a note of its own, which may embed its own sections and blocks
            // (`![[a#^id]]`, `![[#Heading]]`): parts cut from the tree, and cycles.
            let note = NoteParser().parse(SourceFile(path: "a.md", displayPath: "a.md", bytes: Array(text.utf8))).note
            _ = NoteRenderer(index: EntityIndex.build(notes: [note], assets: []).0, settings: SiteSettings()).render(0)
            let document = MarkdownDocument(text, options: MarkdownOptions(rawHTML: .trusted))
            document.assignBlockIDs()
            _ = document.keepOnly(.section(String(text.prefix(3))))
            document.renderHighlights()
            document.prepareForWeb()
            _ = document.html()
            _ = document.text()
        case .html:
            // Whatever the author wrote, the sanitizer's output parsed again holds only what it
            // allows, and sanitizing it again changes nothing.
            let sanitizer = HTMLSanitizer(iframeHosts: ["www.youtube.com"])
            for phrasing in [false, true] {
                let once = sanitizer.sanitize(text, phrasing: phrasing)
                let problems = sanitizer.disallowed(in: once, phrasing: phrasing)
                precondition(problems.isEmpty, "the sanitizer kept \(problems) of \(once)")
                let twice = sanitizer.sanitize(once, phrasing: phrasing)
                precondition(twice == once, "sanitizing \(once.debugDescription) again gave \(twice.debugDescription)")
            }
            // Cut into parts at each U+0001, with kb's nodes between them: the same holds, and
            // each slot comes back at most once.
            var parts: [HTMLSanitizer.Part] = []
            for (number, part) in text.split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated() {
                if number > 0 { parts.append(.slot) }
                parts.append(.html(String(part)))
            }
            let pieces = sanitizer.sanitize(parts)
            let slots = pieces.compactMap { if case .slot(let index, _) = $0 { index } else { nil } }
            precondition(Set(slots).count == slots.count, "a slot came back twice")
            let joined = pieces.map { if case .html(let html) = $0 { html } else { "slot" } }.joined()
            precondition(
                sanitizer.disallowed(in: joined).isEmpty,
                "the sanitizer kept \(sanitizer.disallowed(in: joined)) of \(joined)")
        case .dates:
            // What a date accepts and writes reaches the feed and the sitemap unchecked after this.
            guard let date = NoteDate(text) else { return }
            precondition(text.unicodeScalars.allSatisfy { "0123456789-:.+TtZz ".unicodeScalars.contains($0) })
            for form in [date.description, date.dayText, date.rfc3339, date.w3cDatetime] {
                precondition(form.unicodeScalars.allSatisfy { "0123456789-:.+TZ".unicodeScalars.contains($0) })
                precondition(NoteDate(form) != nil, "\(form) does not read back")
            }
            precondition(NoteDate(date.description) == date, "\(date) does not round-trip")
            precondition(NoteDate(date.dayText)?.dayText == date.dayText)
            precondition(NoteDate(date.rfc3339)?.rfc3339 == date.rfc3339)
            precondition(NoteDate(date.w3cDatetime)?.w3cDatetime == date.w3cDatetime)
        case .canvas:
            // Whatever the file, each warning has its place, and nothing on the board may run or
            // leave its attribute: the renderer's note "n0" stands in for the canvas's links.
            let file = SourceFile(path: "b.canvas", displayPath: "b.canvas", bytes: bytes)
            let (note, diagnostics) = NoteParser().parse(file)
            precondition(diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 })
            let index = EntityIndex.build(notes: [note] + Self.renderer.index.notes, assets: ["a.png"]).0
            let position = index.notes.firstIndex { $0.isCanvas } ?? 0
            let html = NoteRenderer(index: index, settings: SiteSettings()).render(position).html.lowercased()
            precondition(!html.contains("<script") && !html.contains("href=\"javascript:"), "unsafe output")
            for style in html.components(separatedBy: "style=\"").dropFirst() {
                let value = style.prefix { $0 != "\"" }
                precondition(
                    value.unicodeScalars.allSatisfy {
                        "abcdefghijklmnopqrstuvwxyz0123456789-:;#.".unicodeScalars.contains($0)
                    }, "style \(value)")
            }
        case .http:
            // Small limits, so that the fuzzer reaches them; the first byte says how the bytes
            // arrive. However they are split, the reader must give the same requests and error.
            let limits = HTTPLimits(requestLine: 64, headerBytes: 256, headerCount: 8)
            let whole = Self.readRequests(bytes, in: max(bytes.count, 1), limits: limits)
            let split = Self.readRequests(bytes, in: 1 + Int(bytes.first ?? 0) % 32, limits: limits)
            precondition(whole.requests == split.requests && whole.error == split.error, "splitting changed the answer")
            for request in whole.requests {
                precondition(!request.method.isEmpty && request.target.hasPrefix("/"))
                precondition(request.version == "HTTP/1.1" || request.version == "HTTP/1.0")
                // Scalars, not UTF-8: a byte that is no UTF-8 decodes to one U+FFFD of three bytes.
                let line = request.method.unicodeScalars.count + request.target.unicodeScalars.count + 10
                precondition(line <= limits.requestLine)
                precondition(request.headers.count <= limits.headerCount)
                precondition(!request.headers.contains { $0.name.isEmpty || $0.value.utf8.contains(13) })
            }
            _ = Self.readRequests(bytes, in: 7, limits: HTTPLimits())
        }
    }

    /// The requests an HTTP reader finds in `bytes` handed to it `size` at a time, and the status
    /// it refused the rest with, if it did.
    static func readRequests(_ bytes: [UInt8], in size: Int, limits: HTTPLimits) -> (
        requests: [HTTPRequest], error: HTTPStatus?
    ) {
        var reader = HTTPRequestReader(limits: limits)
        var requests: [HTTPRequest] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            reader.append(bytes[start..<min(start + size, bytes.count)])
            do {
                while let request = try reader.next() { requests.append(request) }
            } catch {
                return (requests, error.status)
            }
        }
        return (requests, nil)
    }
}

/// libFuzzer calls this with each input it makes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.current.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
    // SwiftPM renames an executable's entry point, so libFuzzer's own `main` never links in; the
    // driver is started from ours instead.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt
#endif

@main
struct FuzzMain {
    static func main() throws {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv) { fuzzOneInput($0, $1) })
        #else
            // Replays files (or folders of files) through the target.
            for path in CommandLine.arguments.dropFirst() {
                let url = URL(fileURLWithPath: path)
                let files =
                    (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted().map {
                        url.appendingPathComponent($0)
                    } ?? [url]
                for file in files {
                    FuzzTarget.current.run([UInt8](try Data(contentsOf: file)))
                }
                print("replayed \(files.count) inputs from \(path) through \(FuzzTarget.current.rawValue)")
            }
        #endif
    }
}
