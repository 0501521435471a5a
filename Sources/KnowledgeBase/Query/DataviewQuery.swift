/// A ` ```dataview ` block read: its kind, columns, source and the commands after it, in order.
struct DataviewQuery: Sendable {
    enum Kind: Sendable { case table, list, task }

    struct Column: Sendable {
        var expression: QueryExpression
        var header: String
    }

    enum Command: Sendable {
        case `where`(QueryExpression)
        case sort([(expression: QueryExpression, descending: Bool)])
        case groupBy(QueryExpression, name: String)
        case flatten(QueryExpression, name: String)
        case limit(Int)
    }

    var kind: Kind
    var withoutID = false
    var columns: [Column] = []
    var source: QuerySource?
    var commands: [Command] = []

    static let clauses: Set<String> = ["from", "where", "sort", "group", "flatten", "limit"]
    /// Dataview's query types kb cannot render as a static page.
    static let unsupportedKinds: Set<String> = ["calendar"]

    /// Reads the text of a block; `firstLine` numbers the lines of errors.
    static func parse(_ text: String) throws(QueryError) -> DataviewQuery {
        let characters = Array(text)
        var parser = QueryParser(tokens: try QueryLexer.tokens(text, dialect: .dataview), dialect: .dataview)
        guard parser.current.kind == .identifier else {
            throw QueryError("a query starts with TABLE, LIST or TASK", at: parser.current)
        }
        let head = parser.advance()
        var query: DataviewQuery
        switch head.text.lowercased() {
        case "table": query = DataviewQuery(kind: .table)
        case "list": query = DataviewQuery(kind: .list)
        case "task": query = DataviewQuery(kind: .task)
        case let other where unsupportedKinds.contains(other):
            throw QueryError("\(head.text.uppercased()) queries are not rendered by kb", at: head)
        default:
            throw QueryError("\"\(head.text)\" is no query type kb knows (TABLE, LIST, TASK)", at: head)
        }
        if parser.isWord("without") {
            let word = parser.advance()
            guard parser.isWord("id") else { throw QueryError("expected ID after WITHOUT", at: word) }
            _ = parser.advance()
            query.withoutID = true
        }
        func isClause() -> Bool {
            parser.current.kind == .end
                || (parser.current.kind == .identifier && clauses.contains(parser.current.text.lowercased()))
        }
        func source(from start: QueryToken, to end: QueryToken) -> String {
            String(characters[start.start..<max(start.start, end.start)]).trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
        // Columns of a table, the one expression of a list.
        while query.kind != .task, !isClause() {
            let start = parser.current
            let expression = try parser.expression()
            var header = source(from: start, to: parser.current)
            if parser.isWord("as") {
                _ = parser.advance()
                guard parser.current.kind == .identifier || parser.current.kind == .string else {
                    throw QueryError("expected a name after AS", at: parser.current)
                }
                header = parser.advance().text
            }
            query.columns.append(Column(expression: expression, header: header))
            if query.kind == .list { break }
            guard parser.isSymbol(",") else { break }
            _ = parser.advance()
        }
        while parser.current.kind != .end {
            let word = parser.current
            guard word.kind == .identifier else {
                throw QueryError(
                    "unexpected \"\(word.text)\" (expected FROM, WHERE, SORT, GROUP BY, FLATTEN or LIMIT)", at: word)
            }
            _ = parser.advance()
            switch word.text.lowercased() {
            case "from":
                guard query.source == nil else {
                    throw QueryError("FROM comes once, before the other commands", at: word)
                }
                query.source = try QuerySource.parse(&parser)
            case "where":
                query.commands.append(.where(try parser.expression()))
            case "sort":
                var keys: [(QueryExpression, Bool)] = []
                repeat {
                    if parser.isSymbol(",") { _ = parser.advance() }
                    let expression = try parser.expression()
                    var descending = false
                    if parser.isWord("desc") || parser.isWord("descending") {
                        descending = true
                        _ = parser.advance()
                    } else if parser.isWord("asc") || parser.isWord("ascending") {
                        _ = parser.advance()
                    }
                    keys.append((expression, descending))
                } while parser.isSymbol(",")
                query.commands.append(.sort(keys))
            case "group", "flatten":
                let grouping = word.text.lowercased() == "group"
                if grouping {
                    guard parser.isWord("by") else { throw QueryError("expected BY after GROUP", at: parser.current) }
                    _ = parser.advance()
                }
                let start = parser.current
                let expression = try parser.expression()
                var name = source(from: start, to: parser.current)
                if case .field(let field) = expression { name = field }
                if parser.isWord("as") {
                    _ = parser.advance()
                    guard parser.current.kind == .identifier || parser.current.kind == .string else {
                        throw QueryError("expected a name after AS", at: parser.current)
                    }
                    name = parser.advance().text
                }
                query.commands.append(grouping ? .groupBy(expression, name: name) : .flatten(expression, name: name))
            case "limit":
                guard parser.current.kind == .number, let count = Int(parser.current.text) else {
                    throw QueryError("LIMIT takes a whole number", at: parser.current)
                }
                _ = parser.advance()
                query.commands.append(.limit(count))
            default:
                throw QueryError(
                    "\(word.text.uppercased()) is no command kb knows (FROM, WHERE, SORT, GROUP BY, FLATTEN, LIMIT)",
                    at: word)
            }
        }
        return query
    }
}

/// Dataview's `FROM`: tags, folders, links to and from a note, combined with `and`, `or` and `-`.
indirect enum QuerySource: Sendable {
    case tag(String)
    /// A folder, or one note by its path.
    case folder(String)
    /// Notes that link to this one (`[[Note]]`; `[[]]` is the querying note).
    case linksTo(String)
    /// Notes this one links to (`outgoing([[Note]])`).
    case outgoing(String)
    case not(QuerySource)
    case and(QuerySource, QuerySource)
    case or(QuerySource, QuerySource)

    static func parse(_ parser: inout QueryParser) throws(QueryError) -> QuerySource {
        var left = try conjunction(&parser)
        while parser.isWord("or") || parser.isSymbol("||") {
            _ = parser.advance()
            left = .or(left, try conjunction(&parser))
        }
        return left
    }

    private static func conjunction(_ parser: inout QueryParser) throws(QueryError) -> QuerySource {
        var left = try single(&parser)
        while parser.isWord("and") || parser.isSymbol("&&") {
            _ = parser.advance()
            left = .and(left, try single(&parser))
        }
        return left
    }

    private static func single(_ parser: inout QueryParser) throws(QueryError) -> QuerySource {
        parser.depth += 1
        defer { parser.depth -= 1 }
        guard parser.depth <= QueryParser.maximumDepth else {
            throw QueryError("FROM nests more than \(QueryParser.maximumDepth) deep", at: parser.current)
        }
        let token = parser.advance()
        switch token.kind {
        case .tag: return .tag(token.text)
        case .string: return .folder(token.text)
        case .link: return .linksTo(token.text)
        case .symbol where token.text == "-" || token.text == "!": return .not(try single(&parser))
        case .symbol where token.text == "(":
            let inner = try parse(&parser)
            try parser.expect(")")
            return inner
        case .identifier where token.text.lowercased() == "outgoing":
            try parser.expect("(")
            guard parser.current.kind == .link else {
                throw QueryError("outgoing() takes a [[link]]", at: parser.current)
            }
            let name = parser.advance().text
            try parser.expect(")")
            return .outgoing(name)
        case .identifier where token.text.lowercased() == "csv":
            throw QueryError("FROM csv() reads files kb does not query", at: token)
        default:
            throw QueryError(
                "FROM takes #tags, \"folders\", [[links]] and outgoing([[links]]), not \"\(token.text)\"", at: token)
        }
    }

    /// The notes it names, in index order.
    func notes(_ corpus: QueryCorpus, this: Int?) -> [Int] {
        let cache = Cache(corpus: corpus, this: this)
        return corpus.index.notes.indices.filter { matches($0, corpus, this: this, cache: cache) }
    }

    /// Links resolved once per query, not once per note.
    final class Cache {
        let corpus: QueryCorpus
        let this: Int?
        var targets: [String: Int?] = [:]

        init(corpus: QueryCorpus, this: Int?) {
            self.corpus = corpus
            self.this = this
        }

        func target(_ written: String) -> Int? {
            if let known = targets[written] { return known }
            var found: Int?
            let name = written.split(separator: "|").first.map(String.init) ?? written
            let bare = name.split(separator: "#").first.map(String.init) ?? ""
            if bare.isEmpty {
                found = this
            } else if case .note(let position)? = corpus.index.resolve(
                bare, from: this.map { corpus.index.folderOfNote[$0] } ?? ""
            ).target {
                found = position
            }
            targets[written] = found
            return found
        }
    }

    func matches(_ note: Int, _ corpus: QueryCorpus, this: Int?, cache: Cache) -> Bool {
        switch self {
        case .tag(let tag): return corpus.hasTag(note, tag)
        case .folder(let folder):
            let path = corpus.index.notes[note].id
            let bare = folder.lowercased().hasSuffix(".md") ? String(folder.dropLast(3)) : folder
            return path == bare || corpus.inFolder(note, folder)
        case .linksTo(let name):
            guard let target = cache.target(name) else { return false }
            return corpus.outlinks[note].contains(target)
        case .outgoing(let name):
            guard let source = cache.target(name) else { return false }
            return corpus.outlinks[source].contains(note)
        case .not(let inner): return !inner.matches(note, corpus, this: this, cache: cache)
        case .and(let a, let b):
            return a.matches(note, corpus, this: this, cache: cache)
                && b.matches(note, corpus, this: this, cache: cache)
        case .or(let a, let b):
            return a.matches(note, corpus, this: this, cache: cache)
                || b.matches(note, corpus, this: this, cache: cache)
        }
    }
}
