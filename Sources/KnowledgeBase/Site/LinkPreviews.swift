import Foundation

/// What a link's preview shows of the note it leads to: its title, type, summary and the start
/// of its text. Script files, as for search, since browsers refuse `fetch()` from `file://`:
/// `previews/index.js` says how many chunks there are, `kbPreviews.meta(count)`, and the note of
/// page `path` is in `previews/p<k>.js`, k the FNV-1a hash of `path` modulo the count (as
/// `StableHash`), `kbPreviews.chunk(k, {path: [title, type, summary, text]})`. A hover loads one
/// chunk of about `notesPerChunk` notes.
enum LinkPreviews {
    static let notesPerChunk = 32
    /// Of the note's text: about a paragraph, a preview being no place to read the note.
    static let textLength = 160

    /// A note's entry, by page, with the version of the note (`Build`'s) and the type name it
    /// was made from: `kb serve` makes again only the entries of the notes a save changed.
    struct Memo: Sendable {
        struct Entry: Sendable {
            var version: Int
            var type: String
            var text: String
        }
        var entries: [String: Entry] = [:]
    }

    static func files(index: EntityIndex, rendered: [RenderedNote], catalog: Catalog) -> [OutputFile] {
        var memo: Memo?
        return files(index: index, rendered: rendered, catalog: catalog, versions: nil, memo: &memo)
    }

    /// The same, taking from `memo` the entries of notes whose version and type name are those
    /// they were made from, and refilling it, when `versions` gives each note's version.
    static func files(
        index: EntityIndex, rendered: [RenderedNote], catalog: Catalog, versions: [Int]?, memo: inout Memo?
    ) -> [OutputFile] {
        let count = max(1, (index.notes.count + notesPerChunk - 1) / notesPerChunk)
        var chunks = [[Int]](repeating: [], count: count)
        for position in index.notes.indices {
            chunks[Int(StableHash.fnv1a(index.pages[position]) % UInt32(count))].append(position)
        }
        let known = versions != nil ? memo?.entries ?? [:] : [:]
        var kept = Memo()
        var files = [OutputFile(path: "previews/index.js", bytes: Array("kbPreviews.meta(\(count));\n".utf8))]
        for (number, notes) in chunks.enumerated() {
            let entries = notes.map { position in
                let page = index.pages[position]
                let type = catalog.typeOfNote[position].map { catalog.types[$0].label } ?? ""
                if let versions {
                    if let entry = known[page], entry.version == versions[position], entry.type == type {
                        kept.entries[page] = entry
                        return entry.text
                    }
                }
                let note = index.notes[position]
                let fields = [note.title.text, type, note.summary ?? "", opening(rendered[position].text)]
                let text = JSONText.quote(page) + ":[" + fields.map { JSONText.quote($0) }.joined(separator: ",") + "]"
                if let versions { kept.entries[page] = Memo.Entry(version: versions[position], type: type, text: text) }
                return text
            }
            files.append(
                OutputFile(
                    path: "previews/p\(number).js",
                    bytes: Array("kbPreviews.chunk(\(number),{\(entries.joined(separator: ","))});\n".utf8)))
        }
        if versions != nil { memo = kept }
        return files
    }

    /// The start of `text`, its lines joined, cut between words where it can, with "…".
    /// Only the lines it needs are read, and on scalars: trimming every line of every note through
    /// Foundation was a sixth of a build's CPU time, and a note written as one long line made
    /// each rebuild of `kb serve` segment all of it into characters. Two characters past
    /// `textLength` are enough, since text added after them cannot move a grapheme break before
    /// them. A newline scalar always ends a character, so the lines split on scalars are those
    /// `Character.isNewline` gives.
    static func opening(_ text: String) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {  // CharacterSet.whitespaces
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        func isNewline(_ scalar: Unicode.Scalar) -> Bool {  // Character.isNewline
            ("\n"..."\r").contains(scalar) || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
        }
        var words = ""
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        while start < scalars.endIndex, words.prefix(textLength + 2).count <= textLength + 1 {
            let end = scalars[start...].firstIndex(where: isNewline) ?? scalars.endIndex
            var line = scalars[start..<end]
            start = end < scalars.endIndex ? scalars.index(after: end) : end
            while let first = line.first, isSpace(first) { line = line.dropFirst() }
            while let last = line.last, isSpace(last) { line = line.dropLast() }
            if !line.isEmpty { words += words.isEmpty ? String(line) : " " + String(line) }
        }
        guard words.prefix(textLength + 1).count > textLength else { return words }
        words = String(words.prefix(textLength))
        if let space = words.lastIndex(of: " "), words.distance(from: space, to: words.endIndex) < 40 {
            words = String(words[..<space])
        }
        return words + "…"
    }
}
