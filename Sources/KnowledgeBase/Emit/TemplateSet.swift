import Foundation
import Markdown
import Mustache

/// The Mustache templates of `Templates/`, checked as a whole before any page is rendered.
public struct TemplateSet: Sendable {
    /// The templates every site needs, one per page kind.
    public static let required = ["note", "home", "listing", "tags", "search", "graph", "404"]

    private let library: MustacheLibrary
    /// The source of every template by name: a changed template invalidates cached pages.
    public let texts: [String: String]
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
                _ = escaperRegistered
                try library.register(escaperPragma + text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber
                let column = error.context.columnNumber - (line == 1 ? escaperPragma.count : 0)
                diagnostics.append(
                    .error(
                        display, line: line, column: max(column, 1),
                        "template does not parse: \(explain(error.error))"))
            } catch {
                diagnostics.append(.error(display, "template does not parse: \(error)"))
            }
        }
        for name in required where texts[name] == nil {
            diagnostics.append(.error(displayName + "/" + name + ".mustache", "missing template"))
        }
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            let file = displayName + "/" + name + ".mustache"
            for tag in tags(in: text) {
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

    /// swift-mustache escapes `{{…}}` one `Character` at a time through a dictionary, a quarter
    /// of the time a page takes; kb's escaper makes the same five replacements over bytes. It is
    /// switched on by a pragma put before each template, on its first line so that no line moves.
    private struct ByteHTMLEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String { text.htmlEscaped }
    }
    private static let escaperRegistered: Void = MustacheContentTypes.register(ByteHTMLEscaping(), named: "KB_HTML")
    static let escaperPragma = "{{% CONTENT_TYPE: KB_HTML}}"

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

    /// Every `{{…}}` tag: its sigil (`#`, `^`, `/`, `>`, `<`, `$`, `!`, `&`, `{`, `=` or none),
    /// the name in it and its position.
    static func tags(in text: String) -> [(sigil: Character?, name: String, line: Int, column: Int)] {
        var found: [(Character?, String, Int, Int)] = []
        for (lineNumber, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                var inside = rest[open.upperBound..<close.lowerBound].drop(while: { $0 == " " })
                var sigil: Character?
                if let first = inside.first, "#^/><$!&{=".contains(first) {
                    sigil = first
                    inside = inside.dropFirst()
                }
                let name = inside.trimmingSpaces
                let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
                if !name.isEmpty { found.append((sigil, name, lineNumber + 1, column)) }
                rest = rest[close.upperBound...].drop(while: { $0 == "}" })
            }
        }
        return found
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
