import Markdown

/// A query's result as HTML for one page: tables as kb's type pages draw them (sortable, each
/// cell with the key it sorts by), lists, cards and tasks. Links lead from `page`, and each note
/// linked is recorded, for the backlinks of kind "query".
struct QueryHTML {
    let corpus: QueryCorpus
    let page: String
    var targets: [Int] = []

    init(corpus: QueryCorpus, page: String) {
        self.corpus = corpus
        self.page = page
    }

    /// The id of a base view's section on the base's page, which `[[x.base#View]]` links to.
    static func viewID(_ name: String) -> String { "view-" + HeadingIDs.base(for: name) }

    mutating func render(_ result: QueryResult, view: String? = nil) -> String {
        var html = "<div class=\"query query-\(result.style)\">\n"
        if let view {
            html =
                "<section class=\"query-view\" id=\"\(Self.viewID(view).htmlEscaped)\">\n<h2>\(view.htmlEscaped)</h2>\n"
                + html
        }
        for section in result.sections {
            if let title = section.title {
                html += "<h4 class=\"query-group\">" + value(title) + "</h4>\n"
            }
            switch result.style {
            case .table: html += table(result, section)
            case .list: html += list(section)
            case .cards: html += cards(result, section)
            case .tasks: html += tasks(section)
            }
        }
        return html + "</div>\n" + (view == nil ? "" : "</section>\n")
    }

    private mutating func table(_ result: QueryResult, _ section: QueryResult.Section) -> String {
        let numeric = result.headers.indices.map { column in
            section.rows.allSatisfy { row in
                switch row.cells[column] {
                case .number, .null: true
                default: false
                }
            } && section.rows.contains { if case .number = $0.cells[column] { true } else { false } }
        }
        var html = "<div class=\"table-wrap\">\n<table class=\"sortable\">\n<thead>\n<tr>"
        if let header = result.idHeader {
            html += "<th scope=\"col\"><button type=\"button\">\(header.htmlEscaped)</button></th>"
        }
        for (header, numeric) in zip(result.headers, numeric) {
            html +=
                "<th scope=\"col\"\(numeric ? " data-numeric" : "")><button type=\"button\">\(header.htmlEscaped)</button></th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        for row in section.rows {
            html += "<tr>"
            if result.idHeader != nil, let id = row.id { html += cell(id) }
            for value in row.cells { html += cell(value) }
            html += "</tr>\n"
        }
        html += "</tbody>\n"
        if section.summaries.contains(where: { $0 != nil }) {
            html += "<tfoot>\n<tr>" + (result.idHeader != nil ? "<td></td>" : "")
            for summary in section.summaries {
                if let summary { html += cell(summary) } else { html += "<td></td>" }
            }
            html += "</tr>\n</tfoot>\n"
        }
        return html + "</table>\n</div>\n"
    }

    private mutating func cell(_ shown: QueryValue) -> String {
        "<td data-sort=\"\(sortKey(shown).htmlEscaped)\">" + value(shown, inCell: true) + "</td>"
    }

    /// What the page's script sorts a column by: numbers as numbers, dates in ISO, text by the
    /// site's collation, as the type pages sort.
    private func sortKey(_ value: QueryValue) -> String {
        switch value {
        case .number(let number): QueryEvaluator.numberText(number)
        case .date(let date): date.text
        case .text(let text): corpus.collationKey(text)
        case .link, .row, .file: corpus.linkKey(value, collate: true)
        case .list(let items): items.map(sortKey).joined(separator: " ")
        default: QueryEvaluator(corpus: corpus, this: nil).display(value)
        }
    }

    private mutating func list(_ section: QueryResult.Section) -> String {
        var html = "<ul>\n"
        for row in section.rows {
            var item = row.id.map { value($0) } ?? ""
            if let first = row.cells.first {
                let shown = value(first)
                item += item.isEmpty ? shown : shown.isEmpty ? "" : ": " + shown
            }
            html += "<li>\(item)</li>\n"
        }
        return html + "</ul>\n"
    }

    private mutating func cards(_ result: QueryResult, _ section: QueryResult.Section) -> String {
        var html = "<div class=\"query-cards\">\n"
        for row in section.rows {
            html += "<article class=\"query-card\">"
            if let id = row.id { html += "<p class=\"query-card-title\">" + value(id) + "</p>" }
            if !result.headers.isEmpty {
                html += "<dl>"
                for (header, cell) in zip(result.headers, row.cells) where !cell.isNull {
                    html += "<dt>\(header.htmlEscaped)</dt><dd>" + value(cell) + "</dd>"
                }
                html += "</dl>"
            }
            html += "</article>\n"
        }
        return html + "</div>\n"
    }

    private mutating func tasks(_ section: QueryResult.Section) -> String {
        var html = ""
        for row in section.rows {
            if let id = row.id { html += "<p class=\"query-task-note\">" + value(id) + "</p>\n" }
            html += "<ul class=\"contains-task-list\">\n"
            var folder = ""
            if case .link(let link)? = row.id, let note = link.target { folder = corpus.index.folderOfNote[note] }
            for task in row.tasks {
                // In a <label>, the task's text names its checkbox for a screen reader.
                html +=
                    "<li class=\"task-list-item\"><label><input type=\"checkbox\" disabled=\"\"\(task.completed ? " checked=\"\"" : "") /> "
                    + taskText(task.text, from: folder) + "</label></li>\n"
            }
            html += "</ul>\n"
        }
        return html
    }

    /// A task's text with its wikilinks as links, read from its note's folder.
    private mutating func taskText(_ text: String, from folder: String) -> String {
        var html = ""
        var cursor = text.startIndex
        for found in Wikilink.scan(text) {
            html += String(text[cursor..<found.range.lowerBound]).htmlEscaped
            html += value(.link(QueryCorpus.link(found.link, from: folder, index: corpus.index)))
            cursor = found.range.upperBound
        }
        return html + String(text[cursor...]).htmlEscaped
    }

    /// One value as HTML: a link to its note, a list's items each in a span (the type pages'
    /// style separates them), anything else as text.
    mutating func value(_ value: QueryValue, inCell: Bool = false) -> String {
        switch value {
        case .null:
            return ""
        case .link(let link):
            let shown = link.display ?? link.target.map { corpus.index.notes[$0].title.text } ?? link.name
            guard let target = link.target else {
                return "<span class=\"unwritten\">\(shown.htmlEscaped)</span>"
            }
            return anchor(target, shown)
        case .row(let row): return anchor(row.note, corpus.index.notes[row.note].title.text)
        case .file(let note): return anchor(note, corpus.index.notes[note].title.text)
        case .list(let items):
            let parts = items.filter { !$0.isNull }.map { item -> String in
                let shown = self.value(item)
                return item.typeName == "link" ? shown : "<span>\(shown)</span>"
            }
            return inCell ? parts.joined() : parts.joined(separator: "、")
        default:
            let text = QueryEvaluator(corpus: corpus, this: nil).display(value).htmlEscaped
            return inCell ? "<span>\(text)</span>" : text
        }
    }

    private mutating func anchor(_ target: Int, _ text: String) -> String {
        targets.append(target)
        let href = URLPath.relative(from: page, to: corpus.index.pages[target])
        return "<a href=\"\(href.htmlEscaped)\">\(text.htmlEscaped)</a>"
    }
}
