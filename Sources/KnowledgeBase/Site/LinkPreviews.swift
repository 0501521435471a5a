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
