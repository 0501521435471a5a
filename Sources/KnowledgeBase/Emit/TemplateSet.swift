import Foundation
import Markdown
import Mustache

/// The Mustache templates of `Templates/`, checked as a whole before any page is rendered.
public struct TemplateSet: Sendable {
    /// The templates every site needs, one per page kind.
    public static let required = ["note", "home", "listing", "tags", "search", "graph", "404"]

    private let library: TemplateLibrary<PageValue>
    /// The source of every template by name: a changed template invalidates cached pages.
    public let texts: [String: String]
    /// Files of `Templates/assets/`, published under `assets/`.
    public let assets: [OutputFile]

    /// Reads every `*.mustache` file; each one that does not parse, a missing required template
    /// and a partial or parent that names no template are errors at their file and line.
    public static func load(from folder: URL, displayName: String) -> (TemplateSet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var sources: [(name: String, text: String)] = []
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if files.isEmpty {
            diagnostics.append(.error(displayName, "no templates found"))
        }
        for file in files.sorted() where file.hasSuffix(".mustache") && !file.hasPrefix(".") {
            let name = String(file.dropLast(".mustache".count))
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path) else {
                diagnostics.append(.error(displayName + "/" + file, "cannot read the template"))
                continue
            }
            sources.append((name, String(decoding: data, as: UTF8.self)))
        }
        let library = TemplateLibrary<PageValue>(sources)
        let texts = Dictionary(sources, uniquingKeysWith: { a, _ in a })
        for error in library.errors {
            diagnostics.append(
                .error(
                    displayName + "/" + error.template + ".mustache", line: error.line, column: error.column,
                    "template does not parse: \(error.message)"))
        }
        for name in required where texts[name] == nil {
            diagnostics.append(.error(displayName + "/" + name + ".mustache", "missing template"))
        }
        for (name, tags) in library.tags.sorted(by: { $0.key < $1.key }) {
            let file = displayName + "/" + name + ".mustache"
            for tag in tags where !tag.name.isEmpty {
                switch tag.sigil {
                case ">", "<":
                    if texts[tag.name] == nil && !tag.name.hasPrefix("*") {
                        diagnostics.append(
                            .error(file, line: tag.line, column: tag.column, "no template named \"\(tag.name)\""))
                    }
                case "!", "$", "=", "/":
                    continue
                default:
                    // A name no view model has renders as nothing: almost always a typo.
                    if let variable = Self.variable(in: tag.name), !TemplateNames.known.contains(variable) {
                        diagnostics.append(
                            .warning(file, line: tag.line, column: tag.column, "unknown variable \"\(variable)\""))
                    }
                }
            }
        }
        let (assets, assetDiagnostics) = loadAssets(of: folder, displayName: displayName)
        return (TemplateSet(library: library, texts: texts, assets: assets), diagnostics + assetDiagnostics)
    }

    public func render(_ page: Page) -> OutputFile {
        guard let index = library.index(of: page.template) else { return OutputFile(path: page.path, bytes: []) }
        return OutputFile(path: page.path, bytes: library.render(index, .page(page.context)))
    }

    /// The first name a tag looks up: `site.labels.x` → `site`, `empty(toc)` → `toc`; nil for `.`.
    static func variable(in name: String) -> String? {
        var name = Substring(name)
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            name = name[name.index(after: open)..<name.index(before: name.endIndex)]
        }
        guard name != "." else { return nil }
        return String(name.split(separator: ".").first ?? name)
    }

    /// `Templates/assets/`, read as `Content/` is: hidden files skipped, and a symbolic link
    /// followed only when it points at a file inside the templates folder. Anything else would
    /// publish what the link leads to: all of `/etc` for a link there, forty levels of a loop.
    private static func loadAssets(of templates: URL, displayName: String) -> ([OutputFile], [Diagnostic]) {
        let folder = templates.appendingPathComponent("assets")
        let display = displayName + "/assets"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return ([], []) }
        // The folder itself may be a link, and is held to the same rule.
        guard folder.resolvingSymlinksInPath().path.hasPrefix(templates.resolvingSymlinksInPath().path + "/") else {
            return ([], [.warning(display, "symbolic link leads out of the templates folder; not followed")])
        }
        let loaded = ContentLoader(
            root: folder, displayName: display, boundary: (templates, "the templates folder")
        ).load()
        let files = (loaded.notes + loaded.assets + (loaded.settings.map { [$0] } ?? [])).sorted {
            $0.path.utf8.lexicographicallyPrecedes($1.path.utf8)
        }
        return (files.map { OutputFile(path: "assets/" + $0.path, bytes: $0.bytes) }, loaded.diagnostics)
    }
}
