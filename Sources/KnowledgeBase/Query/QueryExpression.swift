/// An expression of Dataview's query language or of Obsidian Bases' formulas and filters: both
/// read fields, call functions and compare values, and share this tree and its evaluator.
public indirect enum QueryExpression: Sendable, Hashable {
    case literal(QueryValue)
    /// `[[Note]]`, resolved when evaluated, from the querying note's folder.
    case link(String)
    case field(String)
    case member(QueryExpression, String)
    case index(QueryExpression, QueryExpression)
    case call(String, [QueryExpression])
    case method(QueryExpression, String, [QueryExpression])
    case unary(String, QueryExpression)
    case binary(String, QueryExpression, QueryExpression)
    case list([QueryExpression])
    /// `(x) => x.done`, as `filter` and `map` take it.
    case lambda([String], QueryExpression)
    /// Bases' `/pattern/flags`, which `.matches()`, `.replace()` and `.split()` take.
    case regex(String, flags: String)
}

/// A query that cannot be read, with the place in its text.
public struct QueryError: Error, Sendable, Equatable {
    public var message: String
    /// Line within the query (0-based) and column (1-based, in characters).
    public var line: Int
    public var column: Int

    init(_ message: String, at token: QueryToken? = nil) {
        self.message = message
        line = token?.line ?? 0
        column = token?.column ?? 1
    }
}

/// A word of a query's text.
struct QueryToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier, number, string, link, tag, symbol, regex, end
    }

    var kind: Kind
    var text: String
    var line: Int
    var column: Int
    /// Where it starts and ends in the query's characters, for a column's default header.
    var start = 0
    var end = 0
}

/// Which language an expression is read as: the two differ in a few words.
enum QueryDialect: Sendable {
    /// Dataview: `and`, `or`, `=`, and `-` inside names (`due-date`).
    case dataview
    /// Bases: JavaScript's `&&`, `||`, `==`, and `-` always an operator.
    case bases
}

/// Cuts a query's text into tokens; `[[…]]` is one token.
struct QueryLexer {
    static func tokens(_ text: String, dialect: QueryDialect, firstLine: Int = 0) throws(QueryError) -> [QueryToken] {
        var tokens: [QueryToken] = []
        let characters = Array(text)
        var position = 0
        var line = firstLine
        var lineStart = 0
        func token(_ kind: QueryToken.Kind, _ text: String, at start: Int) -> QueryToken {
            QueryToken(kind: kind, text: text, line: line, column: start - lineStart + 1, start: start)
        }
        while position < characters.count {
            if let last = tokens.indices.last, tokens[last].end == 0 { tokens[last].end = position }
            let character = characters[position]
            if character == "\n" {
                position += 1
                line += 1
                lineStart = position
                continue
            }
            if character.isWhitespace {
                position += 1
                continue
            }
            let start = position
            if character == "[", position + 1 < characters.count, characters[position + 1] == "[" {
                guard
                    let close = (position + 2..<characters.count).first(where: {
                        characters[$0] == "]" && $0 + 1 < characters.count && characters[$0 + 1] == "]"
                    })
                else { throw QueryError("unclosed [[", at: token(.symbol, "[[", at: start)) }
                tokens.append(token(.link, String(characters[(position + 2)..<close]), at: start))
                position = close + 2
            } else if character == "\"" || (character == "'" && dialect == .bases) {
                var value = ""
                position += 1
                while position < characters.count, characters[position] != character {
                    if characters[position] == "\\", position + 1 < characters.count {
                        position += 1
                        switch characters[position] {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        default: value.append(characters[position])
                        }
                    } else {
                        value.append(characters[position])
                    }
                    position += 1
                }
                guard position < characters.count else {
                    throw QueryError("unclosed string", at: token(.string, "", at: start))
                }
                position += 1
                tokens.append(token(.string, value, at: start))
            } else if character == "/", dialect == .bases, startsValue(tokens.last),
                let close = regexEnd(characters, from: position)
            {
                // `/…/flags` where a value may start (after an operator, a bracket, a comma);
                // elsewhere `/` divides. The flags ride on the token after a newline.
                var end = close + 1
                while end < characters.count, characters[end].isASCII, characters[end].isLetter { end += 1 }
                let body = String(characters[(position + 1)..<close])
                let flags = String(characters[(close + 1)..<end])
                tokens.append(token(.regex, body + "\n" + flags, at: start))
                position = end
            } else if character == "#", dialect == .dataview {
                position += 1
                while position < characters.count,
                    characters[position].isLetter || characters[position].isNumber
                        || "_-/".contains(characters[position])
                {
                    position += 1
                }
                tokens.append(token(.tag, String(characters[(start + 1)..<position]), at: start))
            } else if character.isASCII && character.isNumber {
                while position < characters.count,
                    characters[position].isASCII && (characters[position].isNumber || characters[position] == ".")
                {
                    position += 1
                }
                tokens.append(token(.number, String(characters[start..<position]), at: start))
            } else if character.isLetter || character == "_" || isEmoji(character) {
                while position < characters.count {
                    let next = characters[position]
                    let inName =
                        next.isLetter || next.isNumber || next == "_" || isEmoji(next)
                        || (dialect == .dataview && next == "-" && position + 1 < characters.count
                            && (characters[position + 1].isLetter || characters[position + 1].isNumber))
                    guard inName else { break }
                    position += 1
                }
                tokens.append(token(.identifier, String(characters[start..<position]), at: start))
            } else {
                let two = position + 1 < characters.count ? String(characters[position...position + 1]) : ""
                let symbol = ["<=", ">=", "!=", "==", "&&", "||", "=>"].contains(two) ? two : String(character)
                guard "+-*/%<>=!&|()[],.{}:".contains(symbol.first!) else {
                    throw QueryError("unexpected \"\(character)\"", at: token(.symbol, symbol, at: start))
                }
                position += symbol.count
                tokens.append(token(.symbol, symbol, at: start))
            }
        }
        if let last = tokens.indices.last, tokens[last].end == 0 { tokens[last].end = position }
        tokens.append(
            QueryToken(
                kind: .end, text: "", line: line, column: position - lineStart + 1, start: position, end: position))
        return tokens
    }

    /// Whether a value may start after `previous`: at the start, after an operator or an opening
    /// bracket, a comma or a colon.
    private static func startsValue(_ previous: QueryToken?) -> Bool {
        guard let previous else { return true }
        guard previous.kind == .symbol else { return false }
        return previous.text != ")" && previous.text != "]" && previous.text != "}"
    }

    /// The `/` that closes a regular expression opened at `start`: not escaped, not inside `[…]`,
    /// on the same line.
    private static func regexEnd(_ characters: [Character], from start: Int) -> Int? {
        var position = start + 1
        var inClass = false
        while position < characters.count, characters[position] != "\n" {
            switch characters[position] {
            case "\\": position += 1
            case "[": inClass = true
            case "]": inClass = false
            case "/" where !inClass: return position > start + 1 ? position : nil
            default: break
            }
            position += 1
        }
        return nil
    }

    private static func isEmoji(_ character: Character) -> Bool {
        character.unicodeScalars.first.map { $0.properties.isEmojiPresentation } ?? false
    }
}

/// Reads expressions from tokens, by precedence: `or`, `and`, comparison, `+ -`, `* / %`, unary,
/// then postfix (`.member`, `[index]`, `(call)`).
struct QueryParser {
    var tokens: [QueryToken]
    var position = 0
    let dialect: QueryDialect
    /// How deep brackets and prefix operators nest: a hostile query must not exhaust the stack.
    var depth = 0
    static let maximumDepth = 100

    init(tokens: [QueryToken], dialect: QueryDialect) {
        self.tokens = tokens
        self.dialect = dialect
    }

    /// A whole text that is one expression, as a Bases filter or formula is.
    static func expression(_ text: String, dialect: QueryDialect) throws(QueryError) -> QueryExpression {
        var parser = QueryParser(tokens: try QueryLexer.tokens(text, dialect: dialect), dialect: dialect)
        let expression = try parser.expression()
        guard parser.current.kind == .end else {
            throw QueryError("unexpected \"\(parser.current.text)\"", at: parser.current)
        }
        return expression
    }

    var current: QueryToken { tokens[min(position, tokens.count - 1)] }

    func isWord(_ word: String) -> Bool {
        current.kind == .identifier && current.text.lowercased() == word
    }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

    mutating func advance() -> QueryToken {
        let token = current
        position += 1
        return token
    }

    mutating func expect(_ symbol: String) throws(QueryError) {
        guard isSymbol(symbol) else {
            throw QueryError(
                "expected \"\(symbol)\"" + (current.kind == .end ? "" : " before \"\(current.text)\""), at: current)
        }
        position += 1
    }

    mutating func expression() throws(QueryError) -> QueryExpression {
        var left = try conjunction()
        while isWord("or") || isSymbol("||") {
            position += 1
            left = .binary("or", left, try conjunction())
        }
        return left
    }

    private mutating func conjunction() throws(QueryError) -> QueryExpression {
        var left = try comparison()
        while isWord("and") || isSymbol("&&") {
            position += 1
            left = .binary("and", left, try comparison())
        }
        return left
    }

    private mutating func comparison() throws(QueryError) -> QueryExpression {
        var left = try sum()
        while current.kind == .symbol, ["=", "==", "!=", "<", ">", "<=", ">="].contains(current.text) {
            let symbol = advance().text
            left = .binary(symbol == "==" ? "=" : symbol, left, try sum())
        }
        return left
    }

    private mutating func sum() throws(QueryError) -> QueryExpression {
        var left = try product()
        while isSymbol("+") || isSymbol("-") {
            let symbol = advance().text
            left = .binary(symbol, left, try product())
        }
        return left
    }

    private mutating func product() throws(QueryError) -> QueryExpression {
        var left = try unary()
        while isSymbol("*") || isSymbol("/") || isSymbol("%") {
            let symbol = advance().text
            left = .binary(symbol, left, try unary())
        }
        return left
    }

    private mutating func unary() throws(QueryError) -> QueryExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw QueryError("the expression nests more than \(Self.maximumDepth) deep", at: current)
        }
        if isSymbol("!") || isSymbol("-") {
            let symbol = advance().text
            return .unary(symbol, try unary())
        }
        return try postfix()
    }

    private mutating func postfix() throws(QueryError) -> QueryExpression {
        var value = try primary()
        while true {
            if isSymbol(".") {
                position += 1
                guard current.kind == .identifier else { throw QueryError("expected a name after \".\"", at: current) }
                let token = current
                let name = advance().text
                if isSymbol("(") {
                    guard QueryFunctions.methodNames.contains(name.lowercased()) else {
                        throw QueryError("method .\(name)() is not one kb knows", at: token)
                    }
                    value = .method(value, name, try arguments())
                } else {
                    value = .member(value, name)
                }
            } else if isSymbol("[") {
                position += 1
                let key = try expression()
                try expect("]")
                value = .index(value, key)
            } else {
                return value
            }
        }
    }

    private mutating func arguments() throws(QueryError) -> [QueryExpression] {
        try expect("(")
        var arguments: [QueryExpression] = []
        while !isSymbol(")") {
            arguments.append(try expression())
            guard isSymbol(",") else { break }
            position += 1
        }
        try expect(")")
        return arguments
    }

    private mutating func primary() throws(QueryError) -> QueryExpression {
        let token = current
        switch token.kind {
        case .number:
            position += 1
            guard let number = Double(token.text) else { throw QueryError("\"\(token.text)\" is no number", at: token) }
            return .literal(.number(number))
        case .string:
            position += 1
            return .literal(.text(token.text))
        case .link:
            position += 1
            return .link(token.text)
        case .regex:
            position += 1
            let parts = token.text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            return .regex(String(parts[0]), flags: parts.count > 1 ? String(parts[1]) : "")
        case .identifier:
            position += 1
            switch token.text.lowercased() {
            case "true": return .literal(.boolean(true))
            case "false": return .literal(.boolean(false))
            case "null": return .literal(.null)
            default: break
            }
            if isSymbol("(") {
                let name = token.text.lowercased()
                if let reason = QueryFunctions.unsupported[name] {
                    throw QueryError("\(token.text)() \(reason)", at: token)
                }
                guard QueryFunctions.names.contains(name) else {
                    throw QueryError("function \(token.text)() is not one kb knows", at: token)
                }
                // Dataview's bare words: `date(today)`, `dur(1 year)`.
                if name == "date" || name == "dur", dialect == .dataview, tokens.indices.contains(position + 2),
                    tokens[position + 1].kind == .identifier || tokens[position + 1].kind == .number,
                    let close = tokens[(position + 1)...].firstIndex(where: { $0.text == ")" }),
                    tokens[(position + 1)..<close].allSatisfy({ $0.kind == .identifier || $0.kind == .number }),
                    !(close == position + 2 && tokens[position + 1].kind == .identifier
                        && !["today", "now", "tomorrow", "yesterday"].contains(tokens[position + 1].text.lowercased()))
                {
                    let words = tokens[(position + 1)..<close].map(\.text).joined(separator: " ")
                    position = close + 1
                    return .call(name, [.literal(.text(words))])
                }
                return .call(name, try arguments())
            }
            if isSymbol("=>") {
                position += 1
                return .lambda([token.text], try expression())
            }
            return .field(token.text)
        case .symbol where token.text == "(":
            // `(x) => body`, else a parenthesised expression.
            let start = position
            position += 1
            var names: [String] = []
            while current.kind == .identifier {
                names.append(advance().text)
                if isSymbol(",") { position += 1 } else { break }
            }
            if isSymbol(")"), tokens.indices.contains(position + 1), tokens[position + 1].text == "=>" {
                position += 2
                return .lambda(names, try expression())
            }
            position = start + 1
            let inner = try expression()
            try expect(")")
            return inner
        case .symbol where token.text == "[":
            position += 1
            var items: [QueryExpression] = []
            while !isSymbol("]") {
                items.append(try expression())
                guard isSymbol(",") else { break }
                position += 1
            }
            try expect("]")
            return .list(items)
        case .end:
            throw QueryError("the expression ends too soon", at: token)
        default:
            throw QueryError("unexpected \"\(token.text)\"", at: token)
        }
    }
}
