import Foundation
import Markdown
import Synchronization

/// Every note as queries see it, worked out once per build from the index and the rendered
/// notes: fields (front matter and inline), tags (front matter and inline, with the tags they
/// nest under), links both ways, and tasks.
public final class QueryCorpus: Sendable {
    let index: EntityIndex
    /// Field name (as `QueryCorpus.fieldKey` spells it) → value, for each note.
    let fields: [[String: QueryValue]]
    /// `#tag` as written, first occurrence of each, front matter first.
    let tags: [[String]]
    /// Each tag lowercased and the tags it nests under (`ai/llm` gives `ai/llm` and `ai`).
    let tagKeys: [Set<String>]
    let outlinks: [[Int]]
    let inlinks: [[Int]]
    let tasks: [[TaskItem]]
    /// Each task's own fields, as a `TASK` query reads them: `text`, `completed`, `status`, …,
    /// the inline fields written in it, and the dates of its emoji (`📅 2025-10-01` is `due`).
    let taskFields: [[[String: QueryValue]]]
    let sizes: [Int]
    /// "now" for `date(today)` and `now()`: the build's, so that one build agrees with itself.
    let now: QueryDate
    /// The collation knowing how to spell every text the notes hold, made when a query first
    /// sorts by text: on a Chinese site ICU spells each distinct character, which costs more than
    /// most queries.
    private let collation = Mutex<Collation?>(nil)
    private let keys = Mutex<[String: String]>([:])

    init(index: EntityIndex, rendered: [RenderedNote], now: QueryDate) {
        self.index = index
        self.now = now
        var fields: [[String: QueryValue]] = []
        var tags: [[String]] = []
        var tagKeys: [Set<String>] = []
        for (position, note) in index.notes.enumerated() {
            var own: [String: QueryValue] = [:]
            func set(_ key: String, _ value: QueryValue) {
                let name = Self.fieldKey(key)
                // A key written twice (front matter, then inline) holds every value, as in Dataview.
                if let old = own[name] {
                    if case .list(let items) = old {
                        own[name] = .list(items + [value])
                    } else {
                        own[name] = .list([old, value])
                    }
                } else {
                    own[name] = value
                }
            }
            set("title", .text(note.title.text))
            if !note.aliases.isEmpty { set("aliases", .list(note.aliases.map { .text($0.text) })) }
            if let type = note.type { set("type", .text(type)) }
            if let summary = note.summary { set("summary", .text(summary)) }
            if let date = note.date { set("date", .date(QueryDate(date))) }
            if let updated = note.updated { set("updated", .date(QueryDate(updated))) }
            for property in note.properties {
                let values = property.values.map { value -> QueryValue in
                    switch value {
                    case .text(let text):
                        return .parsing(text)
                    case .link(let link):
                        return .link(Self.link(link, from: index.folderOfNote[position], index: index))
                    }
                }
                set(property.key, values.count == 1 ? values[0] : .list(values))
            }
            for field in rendered[position].fields {
                set(field.key, Self.inlineValue(field.value, from: index.folderOfNote[position], index: index))
            }
            var noteTags: [String] = []
            var seen: Set<String> = []
            for tag in note.tags + rendered[position].tags.map(\.name) where seen.insert(NameKey.make(tag)).inserted {
                noteTags.append(tag)
            }
            if !noteTags.isEmpty && own["tags"] == nil { own["tags"] = .list(noteTags.map { .text("#" + $0) }) }
            tags.append(noteTags)
            var keys: Set<String> = []
            for tag in noteTags {
                var parts = tag.lowercased().split(separator: "/").map(String.init)
                while !parts.isEmpty {
                    keys.insert(parts.joined(separator: "/"))
                    parts.removeLast()
                }
            }
            tagKeys.append(keys)
            fields.append(own)
        }
        self.fields = fields
        self.tags = tags
        self.tagKeys = tagKeys
        outlinks = rendered.map { note in
            var seen: Set<Int> = []
            return note.links.map(\.target).filter { seen.insert($0).inserted }
        }
        var inlinks = [[Int]](repeating: [], count: index.notes.count)
        for (source, targets) in outlinks.enumerated() {
            for target in targets where target != source { inlinks[target].append(source) }
        }
        self.inlinks = inlinks
        tasks = rendered.map(\.tasks)
        taskFields = index.notes.indices.map { position in
            rendered[position].tasks.map { Self.fields(of: $0, note: position, index: index) }
        }
        sizes = index.notes.map { $0.body.utf8.count }
    }

    /// Dataview's emoji for a task's dates, as the Tasks plugin writes them.
    private static let taskDates: [Unicode.Scalar: String] = [
        "\u{1F4C5}": "due", "\u{1F5D3}": "due", "\u{2705}": "completion", "\u{2795}": "created",
        "\u{1F6EB}": "start", "\u{23F3}": "scheduled",
    ]

    /// The dates after the emoji of `taskDates` in a task's text (`📅 2025-10-01`), the first of
    /// each field. One pass over the scalars: every task of every note comes here.
    private static func emojiDates(_ text: String) -> [String: QueryValue] {
        var found: [String: QueryValue] = [:]
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            guard scalar.value >= 0x23F3, let field = taskDates[scalar], found[field] == nil else { continue }
            var start = index
            while start < scalars.endIndex, scalars[start] == " " || scalars[start] == "\u{FE0F}" {
                start = scalars.index(after: start)
            }
            let end = scalars.index(start, offsetBy: 10, limitedBy: scalars.endIndex) ?? scalars.endIndex
            if let date = NoteDate(String(scalars[start..<end])) { found[field] = .date(QueryDate(date)) }
        }
        return found
    }

    private static func fields(of task: TaskItem, note: Int, index: EntityIndex) -> [String: QueryValue] {
        let folder = index.folderOfNote[note]
        var fields: [String: QueryValue] = [
            "text": .text(task.text), "completed": .boolean(task.completed), "checked": .boolean(task.completed),
            "fullycompleted": .boolean(task.completed), "status": .text(task.completed ? "x" : " "),
            "line": .number(Double(task.line)), "path": .text(index.notes[note].file),
            "link": .link(QueryLink(target: note, name: index.notes[note].id, display: nil)),
        ]
        let tags = InlineTag.scan(task.text, startsLine: false).map { QueryValue.text("#" + $0.name) }
        fields["tags"] = .list(tags)
        for field in InlineField.scan(task.text, startsLine: false) {
            fields[fieldKey(field.key)] = inlineValue(field.value, from: folder, index: index)
        }
        for (field, date) in emojiDates(task.text) where fields[field] == nil { fields[field] = date }
        return fields
    }

    /// Dataview reads `Due Date`, `due date` and `due-date` as one field: lowercased, spaces as `-`.
    static func fieldKey(_ key: String) -> String {
        // Most names are already so: this runs for every field a query reads, in every row.
        if key.utf8.allSatisfy({
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }) {
            return key
        }
        return key.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "-")
            .replacingOccurrences(of: "*", with: "")
    }

    /// `value` with every text and link replaced by what it sorts by, so that sorting compares
    /// plain strings instead of working out a key at every comparison.
    func collated(_ value: QueryValue) -> QueryValue {
        switch value {
        case .text(let text): return .text(collationKey(text))
        case .link, .row, .file: return .link(QueryLink(target: nil, name: linkKey(value, collate: true), display: nil))
        case .list(let items): return .list(items.map(collated))
        default: return value
        }
    }

    static func link(_ link: Wikilink, from folder: String, index: EntityIndex) -> QueryLink {
        var target: Int?
        if case .note(let position)? = index.resolve(link.target, from: folder).target { target = position }
        return QueryLink(target: target, name: link.target, display: link.label)
    }

    /// An inline field's value: a link or a list of links when it is only those, else typed as
    /// front matter text is.
    static func inlineValue(_ text: String, from folder: String, index: EntityIndex) -> QueryValue {
        let links = Wikilink.scan(text)
        if !links.isEmpty {
            var rest = text
            for found in links.reversed() { rest.removeSubrange(found.range) }
            if rest.allSatisfy({ $0 == "," || $0 == " " || $0 == "，" || $0 == "、" }) {
                let values = links.map { QueryValue.link(link($0.link, from: folder, index: index)) }
                return values.count == 1 ? values[0] : .list(values)
            }
        }
        return .parsing(text)
    }

    /// What a text sorts by on this site: its key in the site's collation, as note titles sort
    /// everywhere else.
    func collationKey(_ text: String) -> String {
        if let key = keys.withLock({ $0[text] }) { return key }
        let made = collation.withLock { known in
            if let known { return known }
            func texts(_ value: QueryValue) -> [String] {
                switch value {
                case .text(let text): [text]
                case .list(let items): items.flatMap(texts)
                default: []
                }
            }
            let made = index.collation.adding(fields.flatMap { $0.values.flatMap(texts) })
            known = made
            return made
        }
        let key = made.key(text)
        keys.withLock { $0[text] = key }
        return key
    }

    /// A link sorts by its note's title, else the name written.
    func linkKey(_ value: QueryValue, collate: Bool) -> String {
        let name: String
        switch value {
        case .link(let link): name = link.target.map { index.notes[$0].title.text } ?? link.name
        case .row(let row): name = index.notes[row.note].title.text
        case .file(let note): name = index.notes[note].title.text
        default: name = ""
        }
        return collate ? collationKey(name) : name
    }

    func fileLink(_ note: Int) -> QueryValue {
        .link(QueryLink(target: note, name: index.notes[note].id, display: nil))
    }

    /// Obsidian's file name: the last part of the path, without `.md` (or `.base`).
    func fileName(_ note: Int) -> String {
        let name = String(index.notes[note].id.split(separator: "/").last ?? "")
        return index.notes[note].isBase ? String(name.dropLast(5)) : name
    }

    /// The `file` object's members, read one at a time: most queries read two or three of them.
    func fileMember(_ note: Int, _ name: String, dialect: QueryDialect = .dataview) -> QueryValue? {
        let entry = index.notes[note]
        let ext = entry.isBase ? "base" : "md"
        switch name.lowercased() {
        case "name" where dialect == .bases: return .text(fileName(note) + "." + ext)
        case "name", "basename": return .text(fileName(note))
        case "path": return .text(String(entry.file.split(separator: "/", maxSplits: 1).last ?? ""))
        case "folder": return .text(index.folderOfNote[note])
        case "ext", "extension": return .text(ext)
        case "file": return .file(note)
        case "link": return fileLink(note)
        case "title": return .text(entry.title.text)
        case "size": return .number(Double(sizes[note]))
        case "ctime", "cday", "day":
            guard let date = entry.date ?? entry.updated else { return .null }
            let value = QueryDate(date)
            return .date(name.lowercased() == "ctime" ? value : value.day)
        case "mtime", "mday":
            guard let date = entry.updated ?? entry.date else { return .null }
            let value = QueryDate(date)
            return .date(name.lowercased() == "mtime" ? value : value.day)
        case "tags", "etags":
            return .list(tags[note].map { .text("#" + $0) })
        case "aliases": return .list(entry.aliases.map { .text($0.text) })
        case "outlinks", "links": return .list(outlinks[note].map(fileLink))
        case "inlinks", "backlinks": return .list(inlinks[note].map(fileLink))
        case "tasks":
            return .list(taskFields[note].map { .object($0) })
        case "properties", "frontmatter":
            return .object(fields[note])
        default: return nil
        }
    }

    /// Whether `note` has the tag or one nested under it (`#ai` matches `#ai/llm`).
    func hasTag(_ note: Int, _ tag: String) -> Bool {
        var key = tag.lowercased()
        if key.hasPrefix("#") { key.removeFirst() }
        return tagKeys[note].contains(key)
    }

    /// Whether `note` lies in `folder` or below it.
    func inFolder(_ note: Int, _ folder: String) -> Bool {
        var folder = folder
        while folder.hasSuffix("/") { folder.removeLast() }
        while folder.hasPrefix("/") { folder.removeFirst() }
        if folder.isEmpty { return true }
        let own = index.folderOfNote[note]
        return own == folder || own.hasPrefix(folder + "/")
            || NameKey.make(own) == NameKey.make(folder) || NameKey.make(own).hasPrefix(NameKey.make(folder) + "/")
    }
}
