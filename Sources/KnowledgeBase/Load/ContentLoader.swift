import Foundation

/// Reads the content folder: sorted paths, no hidden files, never leaving the folder.
public struct ContentLoader: Sendable {
    public let root: URL
    /// How the folder is named in diagnostics (as typed on the command line).
    public let displayName: String

    public init(root: URL, displayName: String) {
        self.root = root.standardizedFileURL
        self.displayName = displayName
    }

    public func load() -> ContentFolder {
        var folder = ContentFolder()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            folder.diagnostics.append(.error(displayName, "content folder not found"))
            return folder
        }
        let realRoot = root.resolvingSymlinksInPath().path
        for path in walk("", realRoot: realRoot, diagnostics: &folder.diagnostics) {
            let display = displayName + "/" + path
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                folder.diagnostics.append(.error(display, "cannot read the file"))
                continue
            }
            let file = SourceFile(path: path, displayPath: display, bytes: [UInt8](data))
            if path == "site.yml" {
                folder.settings = file
            } else if path.lowercased().hasSuffix(".md") || path.lowercased().hasSuffix(".markdown") {
                folder.notes.append(file)
            } else {
                folder.assets.append(file)
            }
        }
        return folder
    }

    /// Relative paths of the regular files below `relative`, sorted by bytes so the order is the
    /// same on every machine. A symbolic link is followed only when it stays inside the folder and
    /// points at a file: a link to a folder could loop.
    private func walk(_ relative: String, realRoot: String, diagnostics: inout [Diagnostic]) -> [String] {
        let directory = relative.isEmpty ? root : root.appendingPathComponent(relative)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            diagnostics.append(.error(displayName + "/" + relative, "cannot read the folder"))
            return []
        }
        var files: [String] = []
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = relative.isEmpty ? name : relative + "/" + name
            let url = root.appendingPathComponent(path)
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            let type = attributes?[.type] as? FileAttributeType
            switch type {
            case .typeDirectory?:
                files += walk(path, realRoot: realRoot, diagnostics: &diagnostics)
            case .typeRegular?:
                files.append(path)
            case .typeSymbolicLink?:
                let target = url.resolvingSymlinksInPath().path
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
                let display = displayName + "/" + path
                if target != realRoot && !target.hasPrefix(realRoot + "/") {
                    diagnostics.append(
                        .warning(display, "symbolic link leads out of the content folder; not followed"))
                } else if !exists {
                    diagnostics.append(.warning(display, "symbolic link to nothing, or a loop; not followed"))
                } else if isDirectory.boolValue {
                    diagnostics.append(.warning(display, "symbolic link to a folder; not followed, as it could loop"))
                } else {
                    files.append(path)
                }
            default:
                continue
            }
        }
        return files
    }
}
