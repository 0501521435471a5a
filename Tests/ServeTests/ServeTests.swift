import Foundation
import KnowledgeBase
import Testing

@testable import Serve

/// A copy of the `basic` fixture site in a temporary folder, built once.
struct Workspace {
    let folder: URL
    var content: URL { folder.appendingPathComponent("Content") }
    var output: URL { folder.appendingPathComponent("Public") }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("Tests/KnowledgeBaseTests/Fixtures/basic/Content"), to: content)
    }

    var options: BuildOptions {
        var options = BuildOptions()
        options.content = content
        options.templates = Self.repository.appendingPathComponent("Templates")
        options.output = output
        options.contentName = "Content"
        return options
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

func request(_ method: String, _ target: String) -> HTTPRequest {
    HTTPRequest(method: method, target: target, headers: [HTTPHeader("Host", "127.0.0.1")])
}

@Suite(.serialized) struct StaticFilesTests {
    static func site() async throws -> (Workspace, StaticFiles) {
        let workspace = try Workspace()
        let live = LiveSite(options: workspace.options) { _, _ in }
        let result = await live.rebuild()
        #expect(!result.failed)
        return (workspace, StaticFiles(root: workspace.output, events: live.events))
    }

    @Test func pagesAndAssetsComeWithTheirTypes() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        for (path, type) in [
            ("/", "text/html; charset=utf-8"), ("/index.html", "text/html; charset=utf-8"),
            ("/assets/style.css", "text/css; charset=utf-8"), ("/assets/kb.js", "text/javascript; charset=utf-8"),
            ("/images/diagram.svg", "image/svg+xml; charset=utf-8"), ("/feed.xml", "application/xml; charset=utf-8"),
            ("/zu-zhi/aliyun.html", "text/html; charset=utf-8"), ("/tags/", "text/html; charset=utf-8"),
        ] {
            let response = await files.handleRequest(request("GET", path))
            #expect(response.status == .ok, "\(path)")
            #expect(response.headers["Content-Type"] == type, "\(path)")
        }
    }

    @Test func theReloadScriptIsServedButNeverWritten() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        let served = String(decoding: await files.handleRequest(request("GET", "/index.html")).bytes, as: UTF8.self)
        #expect(served.contains("<script src=\"/__kb/reload.js\"></script>\n</body>"))
        let onDisk = try String(contentsOf: workspace.output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!onDisk.contains("__kb"))
        let script = await files.handleRequest(request("GET", "/__kb/reload.js"))
        let source = String(decoding: script.bytes, as: UTF8.self)
        #expect(script.status == .ok && source.contains("EventSource"))
    }

    @Test func aMissingPageIsTheSites404WithStatus404() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        let response = await files.handleRequest(request("GET", "/no/such/page.html"))
        let body = String(decoding: response.bytes, as: UTF8.self)
        #expect(response.status == .notFound)
        #expect(body.contains("页面不存在"))
    }

    @Test func otherMethodsAreNotAllowed() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let response = await files.handleRequest(request(method, "/index.html"))
            #expect(response.status == .methodNotAllowed, "\(method)")
            #expect(response.headers["Allow"] == "GET, HEAD")
        }
    }

    @Test func aFolderWithoutItsSlashIsRedirectedKeepingTheQuery() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        for (target, location) in [
            ("/tags", "/tags/"), ("/tags?sort=name&x=%20", "/tags/?sort=name&x=%20"), ("//tags", "/tags/"),
            ("/zu-zhi", "/zu-zhi/"),
        ] {
            let response = await files.handleRequest(request("GET", target))
            #expect(response.status == .movedPermanently, "\(target)")
            #expect(response.headers["Location"] == location, "\(target)")
        }
        #expect(await files.handleRequest(request("GET", "/tags/")).status == .ok)
    }

    @Test func aLatin1PageIsServedByteForByteWithTheScript() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        // "café ÿ" in Latin-1: not UTF-8, so decoding it as text would replace both letters.
        let page: [UInt8] = Array("<html><body>caf".utf8) + [0xE9, 0x20, 0xFF] + Array("</BODY></html>\n".utf8)
        try Data(page).write(to: workspace.output.appendingPathComponent("latin1.html"))
        let tag = Array("<script src=\"/__kb/reload.js\"></script>\n".utf8)
        let served = await files.handleRequest(request("GET", "/latin1.html")).bytes
        let end = page.count - "</BODY></html>\n".utf8.count
        #expect(served == Array(page[..<end]) + tag + Array(page[end...]))

        // No `</body>` at all (and bytes that are no text): the script comes last.
        let binary: [UInt8] = [0x00, 0xFF, 0x3C, 0x0F, 0x62, 0x6F, 0x64, 0x79, 0x3E, 0x80]
        try Data(binary).write(to: workspace.output.appendingPathComponent("binary.html"))
        #expect(await files.handleRequest(request("GET", "/binary.html")).bytes == binary + tag)
        // The last `</body>` when there are several.
        #expect(StaticFiles.lastBodyEnd(in: Array("</body>x</Body>".utf8)) == 8)
    }

    @Test(arguments: [
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc/passwd", "/assets%2fstyle.css",
        "/assets/%5c..%5cx", "/./index.html", "/index.html%00.css", "/..",
    ])
    func pathsThatLeaveTheFolderAreRefused(path: String) async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        let response = await files.handleRequest(request("GET", path))
        #expect(response.status == .forbidden, "\(path)")
    }

    @Test func aLinkOutOfTheFolderIsRefused() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        try FileManager.default.createSymbolicLink(
            at: workspace.output.appendingPathComponent("outside.html"),
            withDestinationURL: URL(fileURLWithPath: "/etc/hostname"))
        let response = await files.handleRequest(request("GET", "/outside.html"))
        #expect(response.status == .forbidden)
    }
}

@Suite(.serialized) struct LiveSiteTests {
    /// Every state the open pages are told about, as one page would hear them.
    actor Listener {
        private var states: [SiteState] = []
        private var reading: Task<Void, Never>?

        func listen(to stream: AsyncStream<[UInt8]>) {
            reading = Task {
                for await chunk in stream {
                    let text = String(decoding: chunk, as: UTF8.self)
                    guard let data = text.split(separator: "\n").first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                        let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any],
                        let generation = object["generation"] as? Int, let errors = object["errors"] as? [String],
                        let heading = object["heading"] as? String
                    else { continue }
                    self.append(SiteState(generation: generation, errors: errors, heading: heading))
                }
            }
        }

        private func append(_ state: SiteState) { states.append(state) }

        private var cursor = 0

        /// The first state after the last one `next` gave that `matches`, waiting up to `seconds`.
        /// Not counted: the kernel can tell of one save in two bursts of events when the machine is
        /// loaded, and each burst is a build, with a state of its own.
        func next(within seconds: Double, where matches: (SiteState) -> Bool) async -> SiteState? {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while ContinuousClock.now < deadline {
                while cursor < states.count {
                    cursor += 1
                    if matches(states[cursor - 1]) { return states[cursor - 1] }
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }

        /// The generation of the last good build heard before the state `next` gave last.
        func lastGoodGeneration() -> Int? {
            states[..<max(0, cursor - 1)].last { $0.errors.isEmpty }?.generation
        }

        func stop() { reading?.cancel() }
    }

    @Test func aSaveReloadsABrokenSaveShowsErrorsAndKeepsTheLastGoodSite() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let live = LiveSite(options: workspace.options) { _, _ in }
        await live.rebuild()
        let listener = Listener()
        await listener.listen(to: await live.events.subscribe())
        let first = await listener.next(within: 60) { _ in true }
        #expect(first == SiteState(generation: 1, errors: []))
        let watching = Task { await live.watch(every: .milliseconds(50)) }
        defer { watching.cancel() }

        let note = workspace.content.appendingPathComponent("people/wang-jian.md")
        let page = workspace.output.appendingPathComponent("people/wang-jian.html")
        var text = try String(contentsOf: note, encoding: .utf8)
        text = text.replacingOccurrences(of: "他写过一本书。", with: "他写过一本新书。")
        try Data(text.utf8).write(to: note)
        let edited = await listener.next(within: 60) {
            $0.errors.isEmpty && ((try? String(contentsOf: page, encoding: .utf8))?.contains("他写过一本新书。") ?? false)
        }
        #expect(edited != nil && edited!.generation >= 2, "\(String(describing: edited))")

        try Data("---\ntitle: [broken\n---\n他写过一本坏书。".utf8).write(to: note)
        let broken = await listener.next(within: 60) { !$0.errors.isEmpty }
        let lastGood = await listener.lastGoodGeneration()
        #expect(broken != nil && broken?.generation == lastGood, "a failed build keeps the generation")
        #expect(broken?.heading == "kb：构建失败，这里显示的是上一次成功构建的站点。", "in the site's language")
        #expect(
            broken?.errors.first?.hasPrefix("Content/people/wang-jian.md:3:1: error: bad YAML") == true,
            "\(String(describing: broken))")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("他写过一本新书。"), "the last good page stays")

        try Data(text.utf8).write(to: note)
        let fixed = await listener.next(within: 60) { $0.errors.isEmpty }
        await listener.stop()
        #expect(fixed != nil && fixed?.generation == (broken?.generation ?? 0) + 1, "\(String(describing: fixed))")
    }

    @Test func afterEditsRenamesAndDeletionsTheOutputIsWhatAFreshBuildMakes() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let live = LiveSite(options: workspace.options) { _, _ in }
        await live.rebuild()
        let manager = FileManager.default
        let content = workspace.content
        try Data("---\ntitle: 新笔记\ntags: [新]\n---\n提到阿里云。\n".utf8).write(to: content.appendingPathComponent("new.md"))
        await live.rebuild()
        try manager.moveItem(
            at: content.appendingPathComponent("apsara.md"), to: content.appendingPathComponent("people/apsara.md"))
        await live.rebuild()
        try manager.removeItem(at: content.appendingPathComponent("alibaba.md"))
        let result = await live.rebuild()
        #expect(!result.failed)

        var fresh = workspace.options
        fresh.output = workspace.folder.appendingPathComponent("Fresh")
        let freshResult = await Build.run(fresh, write: true)
        #expect(!freshResult.failed)
        let served = GoldenFiles.read(workspace.output)
        #expect(served == GoldenFiles.read(fresh.output))
        #expect(served.keys.contains("people/apsara.html") && !served.keys.contains("apsara.html"))
        #expect(!served.keys.contains("alibaba.html"))
    }

    @Test func aSaveRendersOnlyWhatItAffects() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let live = LiveSite(options: workspace.options) { _, _ in }
        let first = await live.rebuild()
        #expect(first.renderedNotes == first.noteCount && first.templatedPages == first.pageCount)
        let unchanged = await live.rebuild()
        #expect(unchanged.renderedNotes == 0 && unchanged.templatedPages == 0)
        #expect(unchanged.written?.written == 0)

        let note = workspace.content.appendingPathComponent("people/wang-jian.md")
        let text = try String(contentsOf: note, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "他写过一本书。", with: "他写过两本书。").utf8).write(to: note)
        let edited = await live.rebuild()
        #expect(edited.renderedNotes == 1)
        #expect(edited.templatedPages > 0 && edited.templatedPages < edited.pageCount / 2, "\(edited.templatedPages)")

        try Data(text.replacingOccurrences(of: "title: 王坚", with: "title: 王坚博士").utf8).write(to: note)
        let renamed = await live.rebuild()
        // A new name can make a mention anywhere, but only in a text that holds it, or the old
        // name, or in a note that links to the renamed one (`BuildCache.Renamed`).
        #expect(renamed.renderedNotes >= 1 && renamed.renderedNotes < renamed.noteCount, "\(renamed.renderedNotes)")
        var fresh = workspace.options
        fresh.output = workspace.folder.appendingPathComponent("Fresh")
        #expect(!(await Build.run(fresh, write: true)).failed)
        #expect(GoldenFiles.read(workspace.output) == GoldenFiles.read(fresh.output))
    }

    @Test func theServerAnswersOverTCPAndAPortInUseIsAnError() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let live = LiveSite(options: workspace.options) { _, _ in }
        await live.rebuild()
        let server = try live.server(host: "127.0.0.1", port: 0)
        let running = Task { await server.run() }
        defer { running.cancel() }
        let port = server.port
        let (page, style, head, after) = try await offThread {
            let connection = try LoopbackConnection(port: port)
            return (
                try connection.get("/index.html"), try connection.get("/assets/style.css"),
                try connection.get("/assets/style.css", method: "HEAD"), try connection.get("/feed.xml")
            )
        }
        #expect(page.status == 200)
        #expect(page.text.contains("测试知识库"))
        // HEAD: the length of the body it leaves out. The connection answering after it proves
        // no body bytes followed.
        #expect(head.status == 200 && head.headers["content-length"] == String(style.body.count))
        #expect(head.headers["content-type"] == "text/css; charset=utf-8")
        #expect(after.status == 200 && after.text.hasPrefix("<?xml"))
        #expect(server.url == "http://127.0.0.1:\(port)/")

        do {
            _ = try live.server(host: "127.0.0.1", port: port)
            Issue.record("a second server listened on a port in use")
        } catch {
            #expect(error.isAddressInUse, "\(error)")
        }
    }
}

enum GoldenFiles {
    /// Every file below `folder` by relative path, but the build stamp: it records the inodes and
    /// times of the files, which differ between two builds of the same site.
    static func read(_ folder: URL, prefix: String = "") -> [String: Data] {
        var files: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where !(prefix.isEmpty && name == ".kb-stamp.json") {
            let url = folder.appendingPathComponent(name)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                files.merge(read(url, prefix: path)) { a, _ in a }
            } else {
                files[path] = FileManager.default.contents(atPath: url.path)
            }
        }
        return files
    }
}
