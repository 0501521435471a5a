import Foundation
import Synchronization

/// What a build reads, where it writes, and how.
public struct BuildOptions: Sendable {
    public var content: URL
    public var templates: URL
    public var output: URL
    /// The folder names as the user typed them, for diagnostics.
    public var contentName: String
    public var templatesName: String
    public var outputName: String
    public var includeDrafts = false
    /// Overrides `base_url` of the site settings.
    public var baseURL: String?
    /// Warnings count as errors.
    public var strict = false
    /// Build into an output folder that holds files kb did not write; they stay, never removed.
    public var force = false
    /// Tasks that render in parallel; 1 for a serial build. The output is the same either way.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// Told when each stage starts, for a progress line on a terminal.
    public var progress: (@Sendable (String) -> Void)?
    /// "Today" for queries (`date(today)`, `now()`): `SOURCE_DATE_EPOCH` when set, as
    /// reproducible builds set it, else the time the build starts.
    public var now = QueryDate(
        seconds: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init)
            ?? Date().timeIntervalSince1970, hasTime: true)

    public init(content: String = "Content", templates: String = "Templates", output: String = "Public") {
        self.content = URL(fileURLWithPath: content)
        self.templates = URL(fileURLWithPath: templates)
        self.output = URL(fileURLWithPath: output)
        contentName = content
        templatesName = templates
        outputName = output
    }
}

/// The result of a build: what was found wrong, and the site if nothing was.
public struct BuildResult: Sendable {
    /// Sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// The site, sorted by path, from a build without errors that did not write. A build that
    /// writes hands each file to Write as it is made, and keeps none.
    public var files: [OutputFile]
    public var noteCount: Int
    public var pageCount: Int
    public var failed: Bool
    /// What Write did, when the build was asked to write and got that far.
    public var written: OutputWriter.Summary?
    /// Notes rendered and pages templated by this build; fewer than all with a warm cache.
    public var renderedNotes = 0
    public var templatedPages = 0
    /// Nothing changed since the last build (`BuildStamp`): this one stopped after reading.
    public var upToDate = false
    /// Distinct formulas of the site.
    public var formulaCount = 0
    /// The site's furniture words, for what `kb serve` says about this build over the page;
    /// English when the build stopped before reading the settings.
    public var labels = Labels(language: "en")
}

/// What the stages up to Graph learned about the knowledge base.
public struct Analysis: Sendable {
    /// The files of the content folder that are not notes, copied as they are.
    public var assets: [SourceFile]
    public var settings: SiteSettings
    public var index: EntityIndex
    public var rendered: [RenderedNote]
    public var graph: LinkGraph
    public var diagnostics: [Diagnostic]
    /// Notes actually rendered, the others coming from the cache.
    public var renderedNotes: Int
    /// The files of the drafts the site leaves out.
    public var leftOutDrafts: Set<String>
    /// Every tag's page, inline tags included, as the notes' links lead there.
    public var tagPages: TagPages
    /// Each note's version (`BuildCache.RenderedEntry.version`) for a build that keeps a cache.
    var versions: [Int]?
}

/// The pipeline: Load → Parse → Index → Render → Graph → Site → Emit, then Write.
public enum Build {
    /// Load → Parse → Index → Render → Graph.
    public static func analyze(_ options: BuildOptions) async -> Analysis {
        var cache = BuildCache(keeps: false)
        return await analyze(options, cache: &cache)
    }

    /// The same, rendering again only the notes `cache` cannot answer for, and refilling it.
    public static func analyze(_ options: BuildOptions, cache: inout BuildCache) async -> Analysis {
        await analyze(options, folder: load(options, cache: &cache), cache: &cache)
    }

    /// Reads again only the files that changed since the build that filled `cache`.
    private static func load(_ options: BuildOptions, cache: inout BuildCache) -> ContentFolder {
        options.progress?("reading \(options.contentName)")
        var loader = ContentLoader(root: options.content, displayName: options.contentName, jobs: options.jobs)
        loader.known = cache.files
        let folder = loader.load()
        if cache.keeps { cache.files = folder.read }
        return folder
    }

    /// `folder` is consumed: its notes' bytes are let go once parsed.
    /// `typesetting` is given each note's formulas and code as soon as the note is rendered.
    private static func analyze(
        _ options: BuildOptions, folder: consuming ContentFolder, cache: inout BuildCache,
        typesetting: KaTeXSession? = nil
    ) async -> Analysis {
        var diagnostics = folder.diagnostics

        var settings = folder.siteSettings  // read by Load, which needs its `exclude:`
        if let baseURL = options.baseURL {
            do { settings.baseURL = try SiteSettings.baseURL(baseURL) } catch {
                diagnostics.append(.error("--base-url", "\(error)"))
            }
        }

        options.progress?("parsing \(folder.notes.count) notes")
        let parser = NoteParser()
        // A file is parsed again only when its bytes changed: the same bytes make the same note.
        let knownParses = cache.parsed
        let parsed = await parallelMap(folder.notes, jobs: options.jobs) { file in
            if let known = knownParses[file.path], known.displayPath == file.displayPath, known.bytes == file.bytes {
                return known.parsed
            }
            return parser.parse(file)
        }
        if cache.keeps {
            cache.parsed = Dictionary(
                zip(folder.notes, parsed).map {
                    ($0.path, BuildCache.ParsedEntry(displayPath: $0.displayPath, bytes: $0.bytes, parsed: $1))
                }, uniquingKeysWith: { first, _ in first })
        }
        folder.notes = []  // the bytes of every note, no longer needed
        diagnostics += parsed.flatMap(\.diagnostics)
        var notes = parsed.map(\.note).filter { options.includeDrafts || !$0.draft }
        // The top folder's `index.md` is the home page: without a title of its own, it bears the site's.
        for position in notes.indices where ["index", "readme"].contains(notes[position].id.lowercased()) {
            if notes[position].title.text == notes[position].id { notes[position].title.text = settings.title }
        }
        let leftOut = Set(parsed.lazy.filter { !options.includeDrafts && $0.note.draft }.map(\.note.file))

        let (index, indexDiagnostics) = cache.index(
            notes: notes, assets: folder.assets.map(\.path), language: settings.language)
        diagnostics += indexDiagnostics

        options.progress?("rendering \(index.notes.count) notes")
        let names = cache.keeps ? BuildCache.Names(index: index, settings: settings) : nil
        let renamed = names.flatMap { names in cache.names.flatMap { $0 == names ? nil : $0.renamed(to: names) } }
        let reusable = names != nil && (cache.names == names || renamed != nil) ? cache.rendered : [:]
        let noteOfID =
            reusable.isEmpty
            ? [:] : Dictionary(index.notes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let known = await parallelMap(Array(index.notes.indices), jobs: options.jobs) { position -> RenderedNote? in
            let note = index.notes[position]
            // A note that embeds others shows them as they are now.
            guard let entry = reusable[note.id], entry.note == note,
                entry.rendered.embedded.allSatisfy({ reusable[$0]?.note == noteOfID[$0] })
            else { return nil }
            if let renamed, renamed.mayChange(entry.rendered, body: note.body) { return nil }
            typesetting?.submit(entry.rendered.formulas)
            typesetting?.submit(entry.rendered.codeBlocks)
            return entry.rendered
        }
        let unknown = known.indices.filter { known[$0] == nil }
        // The renderer's name tables take longer to make than a note to render: only when one must be.
        var fresh: [RenderedNote] = []
        if !unknown.isEmpty {
            let renderer = NoteRenderer(index: index, settings: settings)
            fresh = await parallelMap(unknown, jobs: options.jobs) { position in
                let rendered = renderer.render(position)
                typesetting?.submit(rendered.formulas)
                typesetting?.submit(rendered.codeBlocks)
                return rendered
            }
        }
        var slots = known.map { $0.map { ($0, false) } }
        for (position, rendered) in zip(unknown, fresh) { slots[position] = (rendered, true) }
        var renders = slots.compactMap { $0 }
        // Inline tags are known only now; the few notes whose tag links meet another tag's page
        // render again with the final pages.
        let tagPages = TagPages(tags: index.notes.flatMap(\.tags) + renders.flatMap { $0.0.tags.map(\.name) })
        let stale = renders.indices.filter { renders[$0].0.tags.contains { tagPages.page(for: $0.name) != $0.page } }
        if !stale.isEmpty {
            let final = NoteRenderer(index: index, settings: settings, tagPages: tagPages)
            for (position, again) in zip(stale, await parallelMap(stale, jobs: options.jobs) { final.render($0) }) {
                renders[position] = (again, true)
            }
        }
        var rendered = renders.map(\.0)
        var versions: [Int]?
        if cache.keeps {
            cache.names = names
            var next = cache.nextVersion
            // A note rendered again as it was (a new title elsewhere that it does not mention)
            // keeps its version, and its page stays.
            let previous = cache.rendered
            let kept = zip(index.notes, renders).map { note, render in
                let last = render.1 ? previous[note.id] : reusable[note.id]
                let version = last.flatMap {
                    !render.1 || ($0.note == note && $0.rendered == render.0) ? $0.version : nil
                }
                if version == nil { next += 1 }
                return BuildCache.RenderedEntry(note: note, rendered: render.0, version: version ?? next)
            }
            // A query's result may change whenever the build runs it: its note is new every time.
            versions = zip(kept, rendered).map { entry, rendered in
                guard rendered.queries.isEmpty else {
                    next += 1
                    return next
                }
                return entry.version
            }
            cache.nextVersion = next
            cache.rendered = Dictionary(kept.map { ($0.note.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        diagnostics += rendered.flatMap(\.diagnostics)
        // The cache keeps the notes as rendered, with their queries' marks: every build puts the
        // results in again, running again each query whose inputs (`QueryStage.Inputs`) changed.
        options.progress?("running queries")
        var queries = cache.queries
        diagnostics += await QueryStage.run(
            index: index, rendered: &rendered, labels: Labels(settings), now: options.now,
            jobs: options.jobs, memo: &queries, keeps: cache.keeps)
        if cache.keeps { cache.queries = queries }

        let graph = cache.graph(index: index, rendered: rendered)
        diagnostics += graph.diagnostics
        return Analysis(
            assets: folder.assets, settings: settings, index: cache.keeps ? index : index.withoutBodies(),
            rendered: rendered, graph: graph,
            diagnostics: diagnostics.strict(options.strict).sorted(), renderedNotes: renders.count { $0.1 },
            leftOutDrafts: leftOut, tagPages: tagPages, versions: versions)
    }

    /// Runs every stage, and Write when `write` is set and nothing is in error. All diagnostics of
    /// all files come back.
    public static func run(_ options: BuildOptions, write: Bool = false) async -> BuildResult {
        var cache = BuildCache(keeps: false)
        return await run(options, write: write, cache: &cache)
    }

    /// The same, with what an earlier build left in `cache` (see `BuildCache`).
    /// When writing, a build whose inputs and output folder are as the last build left them
    /// (`BuildStamp`) stops after reading, with that build's diagnostics.
    public static func run(_ options: BuildOptions, write: Bool = false, cache: inout BuildCache) async -> BuildResult {
        var outputDiagnostics: [Diagnostic] = []
        var output: OutputFolder?
        if write {
            do throws(OutputWriter.Failure) {
                output = try OutputFolder.open(options, known: cache.stamp)
            } catch {
                outputDiagnostics.append(error.diagnostic(options))
            }
        }
        if let output, !options.force, case let foreign = output.foreign, !foreign.isEmpty {
            outputDiagnostics.append(
                .error(
                    options.outputName,
                    "holds \(foreign.count) file\(foreign.count == 1 ? "" : "s") kb did not write ("
                        + foreign.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
                        + (foreign.count > 3 ? ", …" : "")
                        + "); kb builds only into an empty folder or one it built. Move them, choose another"
                        + " --output, or pass --force to build beside them (kb never removes them)"))
        }
        let folder = load(options, cache: &cache)
        let (templates, templateDiagnostics) = TemplateSet.load(
            from: options.templates, displayName: options.templatesName)
        var inputs: String?
        if write {
            // Only a cache that is kept holds the files' bytes for the next build: a single build
            // would keep every note's bytes to its end (a seventh of its peak memory).
            var hashes = cache.keeps ? cache.hashes : [:]
            inputs = await BuildStamp.inputs(
                options: options, folder: folder, templates: templates,
                loadDiagnostics: folder.diagnostics + templateDiagnostics, hashes: &hashes)
            if cache.keeps { cache.hashes = hashes }
        }
        // Not for a cache that is to be filled: `kb serve` would then rebuild everything on the first save.
        if outputDiagnostics.isEmpty, let inputs, let output, let stamp = output.stamp, stamp.inputs == inputs,
            output.matches(stamp), !cache.keeps || cache.names != nil
        {
            return BuildResult(
                diagnostics: stamp.diagnostics, files: [], noteCount: stamp.noteCount,
                pageCount: stamp.pageCount, failed: false,
                written: OutputWriter.Summary(written: 0, unchanged: stamp.files.count, removed: 0),
                upToDate: true)
        }

        let katex = KaTeXSession(known: cache.typeset)
        let analysis = await analyze(options, folder: consume folder, cache: &cache, typesetting: katex)
        var diagnostics = analysis.diagnostics + templateDiagnostics + outputDiagnostics

        // Typeset: KaTeX, a process of its own, had formulas from the first note rendered, and works
        // on while the pages and the search index are made.
        options.progress?("building pages and the search index, typesetting formulas")
        async let typeset = Typesetting.make(
            rendered: analysis.rendered, files: analysis.index.notes.map(\.file), session: katex)
        var layoutMemo = cache.layout
        var searchMemo =
            cache.keeps
            ? cache.search ?? SearchIndex.TokenMemo(romanization: analysis.index.romanization, entries: [:]) : nil
        let site = await SiteBuilder(
            index: analysis.index, rendered: analysis.rendered, graph: analysis.graph, settings: analysis.settings,
            tagPages: analysis.tagPages
        ).build(
            jobs: options.jobs, searchMemo: &searchMemo, layoutMemo: &layoutMemo, pageMemo: &cache.pageMemo,
            previewMemo: &cache.previews, graphMemo: &cache.graphData, versions: analysis.versions)
        if cache.keeps { (cache.search, cache.layout) = (searchMemo, layoutMemo) }
        let typesetting = await typeset
        if cache.keeps { cache.typeset = typesetting.outcomes }
        diagnostics += typesetting.diagnostics + site.diagnostics
        // Heaviest first (`Page.weight`), so that no core templates a hub note alone at the end.
        let pages = site.pages.enumerated().sorted {
            (-$0.element.weight, $0.offset) < (-$1.element.weight, $1.offset)
        }.map(\.element)
        let others =
            site.files + templates.assets + typesetting.stylesheet()
            + analysis.assets.map { OutputFile(path: $0.path, bytes: $0.bytes) }
        let paths = pages.map(\.path) + others.map(\.path)
        let origins = Dictionary(
            pages.compactMap { page in page.origin.map { (page.path, $0) } }
                + templates.assets.map { ($0.path, options.templatesName + "/" + $0.path) }
                + analysis.assets.map { ($0.path, $0.displayPath) },
            uniquingKeysWith: { a, _ in a })
        diagnostics += OutputWriter.clashes(paths, origins: origins).map { $0.diagnostic(options) }
        diagnostics = diagnostics.strict(options.strict).sorted()
        var result = BuildResult(
            diagnostics: diagnostics, files: [], noteCount: analysis.index.notes.count, pageCount: pages.count,
            failed: diagnostics.hasErrors, renderedNotes: analysis.renderedNotes)
        result.formulaCount = typesetting.formulaCount
        result.labels = Labels(analysis.settings)
        guard !result.failed else { return result }

        // Emit: file `i` of `paths`, a page through its template unless the cache holds it. Made as
        // Write asks for it, so that a build never holds all the pages' bytes at once.
        let reusable = cache.templates == templates.texts ? cache.pages : [:]
        let emitted = Mutex(Emitted())
        let keeps = cache.keeps
        let file: @Sendable (Int) -> OutputFile = { position in
            guard position < pages.count else { return others[position - pages.count] }
            let page = pages[position]
            if let entry = reusable[page.path], entry.page == page {
                if keeps { emitted.withLock { $0.pages[page.path] = entry } }
                return entry.file
            }
            let file = templates.render(typesetting.page(page))
            emitted.withLock { emitted in
                emitted.templated += 1
                if keeps { emitted.pages[page.path] = BuildCache.PageEntry(page: page, file: file) }
            }
            return file
        }
        options.progress?("templating \(pages.count) pages" + (write ? " and writing \(paths.count) files" : ""))
        if let output {
            let namesADraft = diagnostics.contains { analysis.leftOutDrafts.contains($0.file) }
            let stamp = BuildStamp.Draft(
                inputs: namesADraft ? nil : inputs, noteCount: result.noteCount, pageCount: result.pageCount,
                diagnostics: diagnostics)
            do throws(OutputWriter.Failure) {
                var record = keeps ? cache.written : nil
                var known: KnownStamp?
                defer { if keeps { (cache.written, cache.stamp) = (record ?? [:], known) } }
                result.written = try await OutputWriter(folder: output).write(
                    paths: paths, origins: origins, jobs: options.jobs, stamp: stamp, record: &record, known: &known,
                    file)
            } catch {
                result.diagnostics.append(error.diagnostic(options))
                result.failed = true
            }
        } else {
            result.files = await parallelMap(Array(paths.indices), jobs: options.jobs, file).sorted {
                $0.path < $1.path
            }
        }
        if keeps {
            cache.templates = templates.texts
            cache.pages = emitted.withLock(\.pages)
        }
        result.templatedPages = emitted.withLock(\.templated)
        return result
    }

    /// What Emit did, gathered from every task.
    private struct Emitted {
        var templated = 0
        var pages: [String: BuildCache.PageEntry] = [:]
    }
}

extension OutputWriter.Failure {
    /// At the source file that asked for the path when there is one, else at the output path.
    func diagnostic(_ options: BuildOptions) -> Diagnostic {
        if let origin { return .error(origin, "\(options.outputName)/\(path) \(message)") }
        return .error(path.isEmpty ? options.outputName : options.outputName + "/" + path, message)
    }
}
