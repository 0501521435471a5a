import Foundation
import Mustache

/// The Mustache templates of `Templates/`, checked as a whole before any page is rendered.
public struct TemplateSet: Sendable {
    /// The templates every site needs, one per page kind.
    public static let required = ["note", "home", "listing", "tags", "search", "graph", "404"]

    private let library: MustacheLibrary
    /// Files of `Templates/assets/`, published under `assets/`.
    public let assets: [OutputFile]

    /// Reads every `*.mustache` file; each one that does not parse, a missing required template
    /// and a partial or parent that names no template are errors at their file and line.
    public static func load(from folder: URL, displayName: String) -> (TemplateSet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        var texts: [String: String] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if files.isEmpty {
            diagnostics.append(.error(displayName, "no templates found"))
        }
        for file in files.sorted() where file.hasSuffix(".mustache") && !file.hasPrefix(".") {
            let name = String(file.dropLast(".mustache".count))
            let display = displayName + "/" + file
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else {
                diagnostics.append(.error(display, "cannot read the template"))
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            texts[name] = text
            do {
                try library.register(text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(
                    .error(
                        display, line: error.context.lineNumber, column: error.context.columnNumber,
                        "template does not parse: \(explain(error.error))"))
            } catch {
                diagnostics.append(.error(display, "template does not parse: \(error)"))
            }
        }
        for name in required where texts[name] == nil {
            diagnostics.append(.error(displayName + "/" + name + ".mustache", "missing template"))
        }
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            for reference in partialReferences(in: text) where texts[reference.name] == nil {
                diagnostics.append(
                    .error(
                        displayName + "/" + name + ".mustache", line: reference.line, column: reference.column,
                        "no template named \"\(reference.name)\""))
            }
        }
        let assets = loadAssets(folder.appendingPathComponent("assets"), prefix: "assets")
        return (TemplateSet(library: library, assets: assets), diagnostics)
    }

    private static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "this closing tag does not match the section it closes"
        case .unfinishedName?: "a tag is not finished"
        case .expectedSectionEnd?: "a section is opened here and never closed"
        case .invalidSetDelimiter?: "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection?: "a transform cannot apply to an inherited section"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            "inside {{<parent}} only {{$block}} sections may stand"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: "unknown or malformed pragma"
        case nil: "\(error)"
        }
    }

    public func render(_ page: Page) -> OutputFile {
        let html = library.render(page.context, withTemplate: page.template) ?? ""
        return OutputFile(path: page.path, bytes: Array(html.utf8))
    }

    /// `{{> name}}` and `{{< name}}` tags, with their positions.
    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var found: [(String, Int, Int)] = []
        for (lineNumber, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                let afterOpen = rest[open.upperBound...].drop(while: { $0 == " " })
                guard let sigil = afterOpen.first, sigil == ">" || sigil == "<",
                    let close = afterOpen.range(of: "}}")
                else {
                    rest = rest[open.upperBound...]
                    continue
                }
                let name = afterOpen[afterOpen.index(after: afterOpen.startIndex)..<close.lowerBound].trimmingSpaces
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                if !name.isEmpty && !name.hasPrefix("*") { found.append((name, lineNumber + 1, column)) }
                rest = afterOpen[close.upperBound...]
            }
        }
        return found
    }

    private static func loadAssets(_ folder: URL, prefix: String) -> [OutputFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var files: [OutputFile] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                files += loadAssets(url, prefix: prefix + "/" + name)
            } else if let data = FileManager.default.contents(atPath: url.path) {
                files.append(OutputFile(path: prefix + "/" + name, bytes: [UInt8](data)))
            }
        }
        return files
    }
}
