import Foundation
import Testing

@testable import KnowledgeBase

/// `kb new --folder` writes inside the content folder or nowhere.
@Suite struct NoteDraftFolderTests {
    @Test func onlyFoldersInsideTheContentFolderAreTaken() throws {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("kb-new-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workspace) }
        let content = workspace.appendingPathComponent("Content")
        try FileManager.default.createDirectory(
            at: content.appendingPathComponent("people"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: workspace.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("out").path,
            withDestinationPath: workspace.appendingPathComponent("outside").path)
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("people/up").path, withDestinationPath: "../..")
        try FileManager.default.createSymbolicLink(
            atPath: content.appendingPathComponent("alias").path, withDestinationPath: "people")

        func problem(_ folder: String) -> String? {
            NoteDraft.problem(folder: folder, content: content, contentName: "Content")
        }
        for folder in ["", "people", "people/new", "new/deeper", "./people", "people/"] {
            #expect(problem(folder) == nil, "\(folder)")
        }
        #expect(problem("/tmp") == "must be a folder inside Content, not an absolute path")
        for folder in ["..", "../..", "people/../..", "a/../b", "people/.."] {
            #expect(problem(folder) == "must be a folder inside Content, written without \"..\"", "\(folder)")
        }
        #expect(problem("out") == "must be a folder inside Content: Content/out is a symbolic link out of it")
        #expect(problem("out/x/y") == "must be a folder inside Content: Content/out is a symbolic link out of it")
        #expect(
            problem("people/up") == "must be a folder inside Content: Content/people/up is a symbolic link out of it")
        #expect(
            problem("alias")
                == "cannot go through the symbolic link Content/alias: builds read no folder through a link")
    }
}
