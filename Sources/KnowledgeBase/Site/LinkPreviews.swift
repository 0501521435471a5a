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

    static func files(index: EntityIndex, rendered: [RenderedNote], catalog: Catalog) -> [OutputFile] {
        let count = max(1, (index.notes.count + notesPerChunk - 1) / notesPerChunk)
        var chunks = [[Int]](repeating: [], count: count)
        for position in index.notes.indices {
            chunks[Int(StableHash.fnv1a(index.pages[position]) % UInt32(count))].append(position)
        }
        var files = [OutputFile(path: "previews/index.js", bytes: Array("kbPreviews.meta(\(count));\n".utf8))]
        for (number, notes) in chunks.enumerated() {
            let entries = notes.map { position in
                let note = index.notes[position]
                let type = catalog.typeOfNote[position].map { catalog.types[$0].label } ?? ""
                let fields = [note.title.text, type, note.summary ?? "", opening(rendered[position].text)]
                return JSONText.quote(index.pages[position]) + ":["
                    + fields.map { JSONText.quote($0) }.joined(separator: ",") + "]"
            }
            files.append(
                OutputFile(
                    path: "previews/p\(number).js",
                    bytes: Array("kbPreviews.chunk(\(number),{\(entries.joined(separator: ","))});\n".utf8)))
        }
        return files
    }

    /// The start of `text`, its lines joined, cut between words where it can, with "…".
    static func opening(_ text: String) -> String {
        // Lines are joined only until the opening is longer than needed, with one character to
        // spare (the next line could join the last character); a note's text is thousands of
        // characters, and this runs for every note on every build.
        var words = ""
        var count = 0
        var start = text.startIndex
        while start < text.endIndex && count <= textLength + 1 {
            let end = text[start...].firstIndex(where: \.isNewline) ?? text.endIndex
            let trimmed = text[start..<end].trimmingCharacters(in: .whitespaces)
            start = end < text.endIndex ? text.index(after: end) : end
            guard !trimmed.isEmpty else { continue }
            if !words.isEmpty { words += " " }
            words += trimmed
            count = words.count
        }
        guard words.count > textLength else { return words }
        words = String(words.prefix(textLength))
        if let space = words.lastIndex(of: " "), words.distance(from: space, to: words.endIndex) < 40 {
            words = String(words[..<space])
        }
        return words + "…"
    }
}
