import FlyingFox
import FlyingSocks
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

func request(_ method: HTTPMethod, _ rawPath: String) -> HTTPRequest {
    HTTPRequest(
        method: method, version: .http11, target: HTTPRequest.Target(path: rawPath, query: ""), headers: [:],
        body: HTTPBodySequence())
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
            let response = try await files.handleRequest(request(.GET, path))
            #expect(response.statusCode == .ok, "\(path)")
            #expect(response.headers[.contentType] == type, "\(path)")
        }
    }

    @Test func theReloadScriptIsServedButNeverWritten() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        let served = String(
            decoding: try await files.handleRequest(request(.GET, "/index.html")).bodyData, as: UTF8.self)
        #expect(served.contains("<script src=\"/__kb/reload.js\"></script>\n</body>"))
        let onDisk = try String(contentsOf: workspace.output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!onDisk.contains("__kb"))
        let script = try await files.handleRequest(request(.GET, "/__kb/reload.js"))
        let source = String(decoding: try await script.bodyData, as: UTF8.self)
        #expect(script.statusCode == .ok && source.contains("EventSource"))
    }

    @Test func aMissingPageIsTheSites404WithStatus404() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        let response = try await files.handleRequest(request(.GET, "/no/such/page.html"))
        let body = String(decoding: try await response.bodyData, as: UTF8.self)
        #expect(response.statusCode == .notFound)
        #expect(body.contains("页面不存在"))
    }

    @Test func headGivesTheLengthWithoutTheBody() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        let get = try await files.handleRequest(request(.GET, "/assets/style.css"))
        let head = try await files.handleRequest(request(.HEAD, "/assets/style.css"))
        let getLength = try await get.bodyData.count
        let headBody = try await head.bodyData
        let post = try await files.handleRequest(request(.POST, "/index.html"))
        #expect(head.statusCode == .ok)
        #expect(head.headers[.contentLength] == String(getLength))
        #expect(headBody.isEmpty)
        #expect(post.statusCode == .methodNotAllowed)
    }

    @Test(arguments: [
        "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc/passwd", "/assets%2fstyle.css",
        "/assets/%5c..%5cx", "/./index.html", "/index.html%00.css", "/..",
    ])
    func pathsThatLeaveTheFolderAreRefused(path: String) async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        let response = try await files.handleRequest(request(.GET, path))
        #expect(response.statusCode == .forbidden, "\(path)")
    }

    @Test func aLinkOutOfTheFolderIsRefused() async throws {
        let (workspace, files) = try await Self.site()
        defer { workspace.remove() }
        try FileManager.default.createSymbolicLink(
            at: workspace.output.appendingPathComponent("outside.html"),
            withDestinationURL: URL(fileURLWithPath: "/etc/hostname"))
        let response = try await files.handleRequest(request(.GET, "/outside.html"))
        #expect(response.statusCode == .forbidden)
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
                        let generation = object["generation"] as? Int, let errors = object["errors"] as? [String]
                    else { continue }
                    self.append(SiteState(generation: generation, errors: errors))
                }
            }
        }

        private func append(_ state: SiteState) { states.append(state) }

        /// The `number`th state heard (1-based), waiting up to `seconds` for it.
        func state(_ number: Int, within seconds: Double) async -> SiteState? {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while states.count < number && ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return states.count >= number ? states[number - 1] : nil
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
        let first = await listener.state(1, within: 5)
        #expect(first == SiteState(generation: 1, errors: []))
        let watching = Task { await live.watch(every: .milliseconds(50)) }
        defer { watching.cancel() }

        let note = workspace.content.appendingPathComponent("people/wang-jian.md")
        let page = workspace.output.appendingPathComponent("people/wang-jian.html")
        var text = try String(contentsOf: note, encoding: .utf8)
        text = text.replacingOccurrences(of: "他写过一本书。", with: "他写过一本新书。")
        try Data(text.utf8).write(to: note)
        let edited = await listener.state(2, within: 10)
        #expect(edited == SiteState(generation: 2, errors: []))
        #expect(try String(contentsOf: page, encoding: .utf8).contains("他写过一本新书。"))

        try Data("---\ntitle: [broken\n---\n他写过一本坏书。".utf8).write(to: note)
        let broken = await listener.state(3, within: 10)
        #expect(broken?.generation == 2)
        #expect(
            broken?.errors.first?.hasPrefix("Content/people/wang-jian.md:3:1: error: bad YAML") == true,
            "\(String(describing: broken))")
        #expect(try String(contentsOf: page, encoding: .utf8).contains("他写过一本新书。"), "the last good page stays")

        try Data(text.utf8).write(to: note)
        let fixed = await listener.state(4, within: 10)
        await listener.stop()
        #expect(fixed == SiteState(generation: 3, errors: []))
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
        #expect(renamed.renderedNotes == renamed.noteCount, "a new name can make a mention anywhere")
    }

    @Test func theServerAnswersOverTCPAndAPortInUseIsAnError() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let live = LiveSite(options: workspace.options) { _, _ in }
        await live.rebuild()
        let server = try await live.server(host: "127.0.0.1", port: 0)
        let running = Task { try await server.run() }
        defer { running.cancel() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            Issue.record("no listening address")
            return
        }
        var client = HTTPClient()
        let response = try await client.sendHTTPRequest(
            request(.GET, "/index.html"), to: try sockaddr_in.inet(ip4: "127.0.0.1", port: port))
        let page = String(decoding: try await response.bodyData, as: UTF8.self)
        #expect(response.statusCode == .ok)
        #expect(page.contains("测试知识库"))

        let second = try await live.server(host: "127.0.0.1", port: port)
        await #expect(throws: (any Error).self) { try await second.run() }
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
