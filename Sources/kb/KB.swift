import ArgumentParser
import Foundation
import KnowledgeBase
import Markdown
import Serve
import Synchronization

@main
struct KB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Builds a static website from a folder of linked Markdown notes.",
        version: "0.1.0",
        subcommands: [
            BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, RenderCommand.self,
            GraphCommand.self,
        ]
    )
}

/// Where the site comes from and goes to; shared by the commands that build.
struct SiteOptions: ParsableArguments {
    @Option(help: "The folder of notes.")
    var content = "Content"

    @Option(help: "The folder of Mustache templates (with assets/ for CSS and scripts).")
    var templates = "Templates"

    @Option(help: "The folder the site is written to. Only this folder is ever written.")
    var output = "Public"

    @Flag(help: "Build into an output folder that holds files kb did not write. They stay; kb never removes them.")
    var force = false

    @Flag(help: "Include notes marked draft: true.")
    var drafts = false

    @Option(help: "The absolute URL the site is served from, for the feed, the sitemap and canonical links.")
    var baseURL: String?

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Parallel tasks (default: one per core). The output is identical for any value.")
    var jobs: Int?

    @Flag(help: "Print errors only.")
    var quiet = false

    @Flag(help: "Print every warning. Past 20 problems, warnings are otherwise counted by kind, 3 of each shown.")
    var verbose = false

    /// A bad `--base-url` is a wrong command line (exit 64), checked as `base_url` is.
    func validate() throws {
        if let baseURL {
            do { _ = try SiteSettings.baseURL(baseURL) } catch { throw ValidationError("--base-url \(error)") }
        }
    }

    var buildOptions: BuildOptions {
        var options = BuildOptions(content: content, templates: templates, output: output)
        if !quiet && Terminal.isTerminal(STDOUT_FILENO) {
            options.progress = { stage in Terminal.status("kb: \(stage)…") }
        }
        options.includeDrafts = drafts
        options.baseURL = baseURL
        options.strict = strict
        options.force = force
        if let jobs { options.jobs = max(1, jobs) }
        return options
    }
}

/// Prints diagnostics on standard error, in their sorted order. Past `fullListLimit` of them, a
/// knowledge base full of links to notes not written yet would bury its errors in thousands of
/// warnings: then errors still come in full, last, and warnings by kind, each with its count and
/// its first `examplesPerKind` lines.
func report(_ diagnostics: [Diagnostic], quiet: Bool = false, verbose: Bool = false) {
    Terminal.status(nil)
    let colour = Terminal.usesColour(STDERR_FILENO)
    let shown = quiet ? diagnostics.filter { $0.severity == .error } : diagnostics
    var lines: [String] = []
    func add(_ diagnostic: Diagnostic) {
        var line = diagnostic.description
        if colour {
            let label = "\(diagnostic.severity.rawValue):"
            line = line.replacingOccurrences(
                of: " " + label + " ", with: " " + Terminal.paint(label, diagnostic.severity) + " ")
        }
        lines.append(line)
    }
    let warnings = shown.filter { $0.severity == .warning }
    if verbose || shown.count <= fullListLimit || warnings.isEmpty {
        shown.forEach(add)
    } else {
        var byKind: [String: [Diagnostic]] = [:]
        for warning in warnings { byKind[warning.kind, default: []].append(warning) }
        let kinds = byKind.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
        for (kind, members) in kinds {
            let count = "\(members.count) warning\(members.count == 1 ? "" : "s"):"
            lines.append((colour ? Terminal.paint(count, .warning) : count) + " " + kind)
            members.prefix(examplesPerKind).forEach(add)
        }
        let listed = kinds.reduce(0) { $0 + min($1.value.count, examplesPerKind) }
        if listed < warnings.count {
            lines.append(
                "Shown: \(listed) of \(warnings.count) warnings, the first \(examplesPerKind) of each kind;"
                    + " --verbose shows every one.")
        }
        shown.filter { $0.severity == .error }.forEach(add)
    }
    guard !lines.isEmpty else { return }
    FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
}

let fullListLimit = 20
let examplesPerKind = 3

/// `kb check --format json`: every diagnostic, one object a line, in their sorted order.
func json(_ diagnostics: [Diagnostic]) -> String {
    let objects = diagnostics.map { diagnostic in
        "{\"file\": \(JSONText.quote(diagnostic.file)), \"line\": \(diagnostic.line), \"column\": \(diagnostic.column), "
            + "\"severity\": \"\(diagnostic.severity.rawValue)\", \"kind\": \(JSONText.quote(diagnostic.kind)), "
            + "\"message\": \(JSONText.quote(diagnostic.message))}"
    }
    return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
}

/// What the command line does differently on a terminal: a progress line that rewrites itself,
/// and colours, unless `NO_COLOR` is set (no-color.org).
enum Terminal {
    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    static func usesColour(_ descriptor: Int32) -> Bool {
        isTerminal(descriptor) && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    static func paint(_ text: String, _ severity: Diagnostic.Severity) -> String {
        (severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m") + text + "\u{1B}[0m"
    }

    /// Shows `text` on the progress line, or clears it with nil.
    static func status(_ text: String?) {
        guard isTerminal(STDOUT_FILENO) else { return }
        FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + (text ?? "")).utf8))
    }
}

/// A line on standard output at once: `kb serve` runs for long and is often piped to a log.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func summary(_ diagnostics: [Diagnostic]) -> String {
    let errors = diagnostics.count { $0.severity == .error }
    let warnings = diagnostics.count - errors
    var parts: [String] = []
    if errors > 0 { parts.append("\(errors) error\(errors == 1 ? "" : "s")") }
    if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
    return parts.isEmpty ? "" : " — " + parts.joined(separator: ", ")
}

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site. A build with errors leaves the output folder as it was.")

    @OptionGroup var site: SiteOptions

    @Flag(help: "Print the wall and CPU time of each stage on standard error (for `make bench`).")
    var timings = false

    func run() async throws {
        let start = ContinuousClock.now
        var options = site.buildOptions
        let clock = timings ? StageClock() : nil
        if let clock {
            let shown = options.progress
            options.progress = { stage in
                clock.start(stage)
                shown?(stage)
            }
        }
        let result = await Build.run(options, write: true)
        if let clock { FileHandle.standardError.write(Data(clock.finish().utf8)) }
        report(result.diagnostics, quiet: site.quiet, verbose: site.verbose)
        guard !result.failed, let written = result.written else {
            print("Build failed\(summary(result.diagnostics)); \(site.output) was not changed.")
            throw ExitCode(1)
        }
        let elapsed = (ContinuousClock.now - start) / .milliseconds(1) / 1000
        Terminal.status(nil)
        if site.quiet { return }
        if result.upToDate {
            print(
                "Nothing changed since the last build: \(result.noteCount) notes, \(result.pageCount) pages in"
                    + " \(site.output) checked in \(String(format: "%.2f", elapsed)) s" + summary(result.diagnostics))
            return
        }
        print(
            "Built \(result.noteCount) notes, \(result.pageCount) pages"
                + (result.formulaCount > 0 ? ", \(result.formulaCount) formulas" : "")
                + " in \(String(format: "%.2f", elapsed)) s"
                + " (\(written.written) written, \(written.unchanged) unchanged, \(written.removed) removed)"
                + summary(result.diagnostics))
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run every stage of a build but writing; exit 1 on an error.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "text, or json: every diagnostic as a JSON array on standard output, and nothing else there.")
    var format = Format.text

    @OptionGroup var site: SiteOptions

    func run() async throws {
        var options = site.buildOptions
        if format == .json { options.progress = nil }
        let result = await Build.run(options)
        switch format {
        case .json:
            FileHandle.standardOutput.write(Data(json(result.diagnostics).utf8))
        case .text:
            report(result.diagnostics, quiet: site.quiet, verbose: site.verbose)
            if !site.quiet || result.failed { print("Checked \(result.noteCount) notes\(summary(result.diagnostics))") }
        }
        if result.failed { throw ExitCode(1) }
    }
}

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Read Markdown on standard input and print the HTML kb makes of it, as for a note body.")

    @Option(help: "What becomes of raw HTML, as the raw_html site setting says: sanitized, false or trusted.")
    var rawHTML: RawHTMLSetting = .sanitized

    @Option(help: "A host whose pages an <iframe> may show, as iframe_hosts says (repeatable).")
    var iframeHost: [String] = []

    func run() async throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let file = SourceFile(path: "stdin.md", displayPath: "<stdin>", bytes: [UInt8](data))
        var settings = SiteSettings()
        settings.rawHTML = rawHTML.mode
        settings.iframeHosts = iframeHost.map { $0.lowercased() }
        let rendered = NoteRenderer.fragment(file, settings: settings)
        let (html, typesetting) = await Typesetting.fragment(rendered, file: file.displayPath)
        report((rendered.diagnostics + typesetting).sorted())
        FileHandle.standardOutput.write(Data(html.utf8))
    }
}

enum RawHTMLSetting: String, ExpressibleByArgument, CaseIterable {
    case sanitized, `false`, trusted

    var mode: MarkdownOptions.RawHTML {
        switch self {
        case .sanitized: .sanitized
        case .false: .omitted
        case .trusted: .trusted
        }
    }
}

struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the entity graph: notes with their type, edges with their kind (link, relation, mention).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, dot
    }

    @Option(help: "json, or dot for Graphviz.")
    var format = Format.json

    @OptionGroup var site: SiteOptions

    func run() async throws {
        let analysis = await Build.analyze(site.buildOptions)
        report(analysis.diagnostics, verbose: site.verbose)
        let export = GraphExport(index: analysis.index, rendered: analysis.rendered)
        print(format == .json ? export.json() : export.dot(), terminator: "")
        if analysis.diagnostics.hasErrors { throw ExitCode(1) }
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve the site on this machine, and rebuild and reload the open pages on every change.")

    @OptionGroup var site: SiteOptions

    @Option(help: "The port to listen on (0: any free one).")
    var port: UInt16 = 8000

    @Option(help: "The address or host name to listen on, IPv4 or IPv6; loopback unless you say otherwise.")
    var host = "127.0.0.1"

    @Option(help: "Seconds a connection may stay open without sending a request (at most a day).")
    var idleTimeout: Double = 15

    func validate() throws {
        guard idleTimeout > 0 && idleTimeout <= 86_400 else {
            throw ValidationError("--idle-timeout must be more than 0 and at most 86400 seconds.")
        }
    }

    func run() async throws {
        let live = LiveSite(options: site.buildOptions) { [verbose = site.verbose] result, duration in
            report(result.diagnostics, verbose: verbose)
            let milliseconds = duration / .milliseconds(1)
            if result.failed {
                say("Build failed\(summary(result.diagnostics)); still serving the last good site.")
            } else {
                say(
                    "Built \(result.noteCount) notes in \(Int(milliseconds)) ms (\(result.renderedNotes) rendered, "
                        + "\(result.templatedPages) of \(result.pageCount) pages templated)\(summary(result.diagnostics))"
                )
            }
        }
        // Every open connection holds a descriptor, and the soft limit is often 1,024.
        HTTPServer.raiseOpenFileLimit()
        await live.rebuild()
        let server: HTTPServer
        do {
            server = try live.server(
                host: host, port: port,
                configuration: HTTPServer.Configuration(idleTimeout: .seconds(idleTimeout)))
        } catch {
            let reason =
                switch error {
                case _ where error.isAddressInUse: "\(host):\(port) is already in use; try --port \(port &+ 1)"
                case .unresolved: "\(error)"
                case .system: "cannot listen on \(host):\(port): \(error)"
                }
            FileHandle.standardError.write(Data("kb serve: \(reason)\n".utf8))
            throw ExitCode(1)
        }
        say("Serving \(server.url) — watching \(site.content) and \(site.templates); Ctrl-C stops.")
        await withDiscardingTaskGroup { group in
            group.addTask { await server.run() }
            group.addTask { await live.watch() }
        }
    }
}

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a note with front matter for its type, named after its title.")

    @Argument(help: "The note's title, e.g. \"通义千问\".")
    var title: String

    @Option(help: "Its type; the properties other notes of this type use are added, empty.")
    var type: String?

    @Option(help: "The folder of notes.")
    var content = "Content"

    @Option(help: "A folder under the content folder for the note (default: where notes of its type are).")
    var folder: String?

    /// A folder outside the content folder is a wrong command line (exit 64).
    func validate() throws {
        if let folder,
            let problem = NoteDraft.problem(
                folder: folder, content: URL(fileURLWithPath: content), contentName: content)
        {
            throw ValidationError("--folder \(folder) \(problem)")
        }
    }

    func run() throws {
        let draft = NoteDraft.make(title: title, type: type, content: URL(fileURLWithPath: content), folder: folder)
        let url = URL(fileURLWithPath: content).appendingPathComponent(draft.path)
        // Not `fileExists`, which follows a link: a link to nothing would be written through.
        guard (try? FileManager.default.attributesOfItem(atPath: url.path)) == nil else {
            FileHandle.standardError.write(Data("kb new: \(content)/\(draft.path) already exists\n".utf8))
            throw ExitCode(1)
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(draft.text.utf8).write(to: url, options: .withoutOverwriting)
        print("Created \(content)/\(draft.path)")
    }
}

/// `kb build --timings`: each stage from the progress hook's call to the next one, in wall time
/// and in the CPU time of every thread of the process (getrusage), one tab-separated line a stage.
final class StageClock: Sendable {
    private struct Mark {
        var stage: String
        var wall: ContinuousClock.Instant
        var cpu: Double
    }
    private let marks = Mutex<[Mark]>([])

    private static var cpu: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    init() { start("starting") }

    func start(_ stage: String) {
        let mark = Mark(stage: stage, wall: .now, cpu: Self.cpu)
        marks.withLock { $0.append(mark) }
    }

    /// "timing\tSTAGE\tWALL\tCPU" lines, seconds; the stage's name without its counts.
    func finish() -> String {
        start("done")
        return marks.withLock { marks in
            zip(marks, marks.dropFirst()).map { mark, next in
                let name = mark.stage.split(separator: " ").filter { $0.first?.isNumber != true }.joined(separator: " ")
                let wall = (next.wall - mark.wall) / .milliseconds(1) / 1000
                let cpu = next.cpu - mark.cpu
                return "timing\t\(name)\t\(String(format: "%.3f", wall))\t\(String(format: "%.3f", cpu))\n"
            }.joined()
        }
    }
}
