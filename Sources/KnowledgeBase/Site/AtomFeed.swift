/// `feed.xml` (Atom) with the most recently dated notes, and `sitemap.xml` with every page. Both
/// need absolute URLs, so both exist only when the site has a base URL.
enum SiteFeeds {
    static let feedLength = 30

    /// `tagsOfNotes`: each note's tags, its front matter's and its body's.
    static func feed(index: EntityIndex, settings: SiteSettings, baseURL: String, tagsOfNotes: [[String]])
        -> OutputFile
    {
        let dated = index.notes.indices.compactMap { position -> (date: NoteDate, position: Int)? in
            guard let date = index.notes[position].updated ?? index.notes[position].date else { return nil }
            return (date, position)
        }.sorted { ($0.date, index.pages[$1.position]) > ($1.date, index.pages[$0.position]) }.prefix(feedLength)
        let newest = dated.first?.date.rfc3339 ?? "1970-01-01T00:00:00Z"
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(settings.language.xmlEscaped)">
            <title>\(settings.title.xmlEscaped)</title>

            """
        if !settings.description.isEmpty { xml += "<subtitle>\(settings.description.xmlEscaped)</subtitle>\n" }
        xml += """
            <link rel="self" href="\((baseURL + "feed.xml").xmlEscaped)"/>
            <link rel="alternate" type="text/html" href="\(baseURL.xmlEscaped)"/>
            <id>\(baseURL.xmlEscaped)</id>
            <updated>\(newest.xmlEscaped)</updated>
            <author><name>\(settings.title.xmlEscaped)</name></author>

            """
        for (date, position) in dated {
            let note = index.notes[position]
            let url = baseURL + URLPath.encode(path: index.pages[position])
            xml += "<entry>\n<title>\(note.title.text.xmlEscaped)</title>\n"
            xml +=
                "<link rel=\"alternate\" type=\"text/html\" href=\"\(url.xmlEscaped)\"/>\n<id>\(url.xmlEscaped)</id>\n"
            xml += "<updated>\(date.rfc3339.xmlEscaped)</updated>\n"
            if let summary = note.summary { xml += "<summary>\(summary.xmlEscaped)</summary>\n" }
            for tag in tagsOfNotes[position] { xml += "<category term=\"\(tag.xmlEscaped)\"/>\n" }
            xml += "</entry>\n"
        }
        xml += "</feed>\n"
        return OutputFile(path: "feed.xml", bytes: Array(xml.utf8))
    }

    static func sitemap(pages: [Page], index: EntityIndex, baseURL: String) -> OutputFile {
        var lastModified: [String: String] = [:]
        for (position, note) in index.notes.enumerated() {
            if let date = note.updated ?? note.date { lastModified[index.pages[position]] = date.w3cDatetime }
        }
        var xml =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted(by: { $0.path < $1.path }) where page.path != "404.html" {
            let path = page.path == "index.html" ? "" : page.path
            let url = baseURL + URLPath.encode(path: path)
            xml += "<url><loc>\(url.xmlEscaped)</loc>"
            if let date = lastModified[page.path] { xml += "<lastmod>\(date.xmlEscaped)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return OutputFile(path: "sitemap.xml", bytes: Array(xml.utf8))
    }
}

extension String {
    /// Escaped for XML text and attributes; control characters XML 1.0 forbids are dropped.
    var xmlEscaped: String {
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
