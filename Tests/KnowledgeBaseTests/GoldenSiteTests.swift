import Foundation
import Testing

@testable import KnowledgeBase

/// Each folder of `Fixtures/` is a site: `Content/`, optionally `Templates/` (else the project's
/// own), and `Expected/` with every page it must produce (outside `assets/`) and, when the build
/// reports anything, `diagnostics.txt`. A page missing from the output, a page not expected and a
/// byte of difference all fail. `UPDATE_GOLDENS=1 swift test` rewrites `Expected/`.
@Suite struct GoldenSiteTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let projectTemplates = fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted()
    }

    static func options(for name: String) -> BuildOptions {
        let folder = fixtures.appendingPathComponent(name)
        var options = BuildOptions(content: "Content", templates: "Templates", output: "Public")
        options.content = folder.appendingPathComponent("Content")
        let own = folder.appendingPathComponent("Templates")
        options.templates = FileManager.default.fileExists(atPath: own.path) ? own : projectTemplates
        // Queries that ask for today get one fixed day: 2025-10-01.
        options.now = QueryDate(seconds: 1_759_276_800, hasTime: true)
        return options
    }

    @Test(arguments: cases)
    func fixtureSite(name: String) async throws {
        let result = await Build.run(Self.options(for: name))
        var produced: [String: [UInt8]] = [:]
        for file in result.files where !file.path.hasPrefix("assets/") {
            produced[file.path] = file.bytes
        }
        if !result.diagnostics.isEmpty {
            produced["diagnostics.txt"] = Array(result.diagnostics.map { $0.description + "\n" }.joined().utf8)
        }

        let expectedFolder = Self.fixtures.appendingPathComponent(name).appendingPathComponent("Expected")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try? FileManager.default.removeItem(at: expectedFolder)
            for (path, bytes) in produced {
                let url = expectedFolder.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            }
            return
        }
        let expected = Self.files(under: expectedFolder)
        #expect(!expected.isEmpty, "\(name) has no Expected/ folder; run UPDATE_GOLDENS=1 swift test")
        for path in expected.keys.sorted() {
            guard let bytes = produced[path] else {
                Issue.record("\(name): expected \(path) was not produced")
                continue
            }
            if bytes != expected[path] {
                Issue.record(
                    "\(name): \(path) differs from Expected/: \(Self.firstDifference(bytes, expected[path] ?? []))")
            }
        }
        for path in produced.keys.sorted() where expected[path] == nil {
            Issue.record("\(name): \(path) was produced but is not expected")
        }
    }

    static func firstDifference(_ produced: [UInt8], _ expected: [UInt8]) -> String {
        let producedLines = String(decoding: produced, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = String(decoding: expected, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        for line in 0..<max(producedLines.count, expectedLines.count) {
            let got = line < producedLines.count ? String(producedLines[line]) : "<end>"
            let want = line < expectedLines.count ? String(expectedLines[line]) : "<end>"
            if got != want { return "line \(line + 1):\n  produced: \(got)\n  expected: \(want)" }
        }
        return "same lines, different bytes"
    }

    static func files(under folder: URL, prefix: String = "") -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let url = folder.appendingPathComponent(name)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                files.merge(Self.files(under: url, prefix: path)) { a, _ in a }
            } else if let data = FileManager.default.contents(atPath: url.path) {
                files[path] = [UInt8](data)
            }
        }
        return files
    }
}

@Suite struct TemplateNamesTests {
    /// Every name the template check accepts must be answered by some view model: a name in
    /// `TemplateField` that no switch of `TemplateValues.swift` answers would pass the check and
    /// render as nothing.
    @Test func knownNamesAreTheNamesTheViewModelsAnswer() throws {
        let source = try String(
            contentsOf: GoldenSiteTests.projectTemplates.deletingLastPathComponent()
                .appendingPathComponent("Sources/KnowledgeBase/Emit/TemplateValues.swift"),
            encoding: .utf8)
        let answered = Set(
            source.split(separator: "\n").compactMap { line -> String? in
                let line = line.drop(while: { $0 == " " })
                guard line.hasPrefix("case ."), let colon = line.firstIndex(of: ":") else { return nil }
                let name = line[line.index(line.startIndex, offsetBy: 6)..<colon]
                return name.allSatisfy({ $0.isLetter || $0.isNumber }) ? String(name) : nil
            })
        #expect(answered.union(Labels.Key.allCases.map(\.rawValue)) == TemplateNames.known)
    }
}

@Suite struct TemplateSetTests {
    /// A parse error points at the name in the tag, on the first line as on any other.
    @Test func aParseErrorOnTheFirstLineKeepsItsColumn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kb-templates-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("<p>{{title}} {{/nope}}</p>\n".utf8).write(to: folder.appendingPathComponent("note.mustache"))
        let (_, diagnostics) = TemplateSet.load(from: folder, displayName: "Templates")
        #expect(
            diagnostics.contains { $0.file == "Templates/note.mustache" && $0.line == 1 && $0.column == 17 },
            "\(diagnostics)")
    }
}
