/// Reads one template's text into `TemplateNode`s, in three passes: tokens (tags and text,
/// under the delimiters in force), standalone lines (a line holding only whitespace and one
/// tag that writes nothing loses that whitespace and its line end), and the tree.
struct TemplateParser<Key: Sendable> {
    let source: [UInt8]
    let template: String
    let key: (Substring) -> Key?
    let partialIndex: (String) -> Int?

    struct Token {
        enum Kind { case text, newline, tag }
        var kind: Kind
        /// Bytes of the source: the text, the line end, or the whole tag.
        var start: Int
        var end: Int
        /// `#`, `^`, `/`, `!`, `>`, `<`, `$`, `=`, `&` or `{`; 0 for a plain `{{x}}`.
        var sigil: UInt8 = 0
        var name = ""
        var line = 0
        var column = 0
        var nameLine = 0
        var nameColumn = 0
        var standalone = false
        var deleted = false
        /// Of a standalone tag: the whitespace before it, and that at the start of the next line.
        var indentation: [UInt8] = []
        var nextIndentation: [UInt8] = []
    }

    private func error(_ line: Int, _ column: Int, _ message: String) -> TemplateError {
        TemplateError(template: template, line: line, column: column, message: message)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    // MARK: Tokens

    /// Every tag and text; stops at the first tag that is not finished or a delimiter tag that
    /// is malformed, giving the tokens read so far with the error.
    func tokens() -> ([Token], TemplateError?) {
        var tokens: [Token] = []
        var open = Array("{{".utf8)
        var close = Array("}}".utf8)
        var index = 0
        var line = 1
        var lineStart = 0
        let count = source.count
        func column(_ offset: Int) -> Int {
            1 + source[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        func starts(_ pattern: [UInt8], at offset: Int) -> Bool {
            offset + pattern.count <= count && source[offset..<offset + pattern.count].elementsEqual(pattern)
        }
        func find(_ pattern: [UInt8], from offset: Int) -> Int? {
            var position = offset
            while position + pattern.count <= count {
                if source[position] == pattern[0] && starts(pattern, at: position) { return position }
                position += 1
            }
            return nil
        }
        func lineEnd(at offset: Int) -> Int {
            if source[offset] == 0x0A { return 1 }
            if source[offset] == 0x0D && offset + 1 < count && source[offset + 1] == 0x0A { return 2 }
            return 0
        }
        while index < count {
            let newline = lineEnd(at: index)
            if newline > 0 {
                tokens.append(Token(kind: .newline, start: index, end: index + newline))
                index += newline
                line += 1
                lineStart = index
                continue
            }
            guard starts(open, at: index) else {
                var end = index + 1
                while end < count && lineEnd(at: end) == 0 && !starts(open, at: end) { end += 1 }
                tokens.append(Token(kind: .text, start: index, end: end))
                index = end
                continue
            }
            var token = Token(kind: .tag, start: index, end: index, line: line, column: column(index))
            var contentStart = index + open.count
            let contentEnd: Int
            if contentStart < count && source[contentStart] == UInt8(ascii: "{") {
                token.sigil = UInt8(ascii: "{")
                contentStart += 1
                guard let end = find([UInt8(ascii: "}")] + close, from: contentStart) else {
                    return (tokens, error(token.line, token.column, "a tag is not finished"))
                }
                contentEnd = end
                token.end = end + 1 + close.count
            } else {
                guard let end = find(close, from: contentStart) else {
                    return (tokens, error(token.line, token.column, "a tag is not finished"))
                }
                contentEnd = end
                token.end = end + close.count
                while contentStart < contentEnd && Self.isSpace(source[contentStart]) { contentStart += 1 }
                if contentStart < contentEnd, Array("#^/!><$=&".utf8).contains(source[contentStart]) {
                    token.sigil = source[contentStart]
                    contentStart += 1
                }
            }
            var nameStart = contentStart
            var nameEnd = contentEnd
            while nameStart < nameEnd && Self.isSpace(source[nameStart]) { nameStart += 1 }
            while nameEnd > nameStart && Self.isSpace(source[nameEnd - 1]) { nameEnd -= 1 }
            token.name = String(decoding: source[nameStart..<nameEnd], as: UTF8.self)
            // The name's place, counting the line ends a tag may hold (a comment over lines).
            for offset in index..<nameStart where source[offset] == 0x0A {
                line += 1
                lineStart = offset + 1
            }
            token.nameLine = line
            token.nameColumn = column(nameStart)
            for offset in nameStart..<token.end where source[offset] == 0x0A {
                line += 1
                lineStart = offset + 1
            }
            if token.sigil == UInt8(ascii: "=") {
                let parts =
                    token.name.hasSuffix("=")
                    ? token.name.dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" }) : []
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    return (tokens, error(token.nameLine, token.nameColumn, "a set-delimiter tag is malformed"))
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            } else if token.name.isEmpty && token.sigil != UInt8(ascii: "!") {
                return (tokens, error(token.nameLine, token.nameColumn, "a tag has no name"))
            }
            tokens.append(token)
            index = token.end
        }
        return (tokens, nil)
    }

    // MARK: Standalone lines

    /// Marks the tags that stand alone on their line, and deletes that line's whitespace and end.
    /// A parent's `{{<p}}` and `{{/p}}` do not count, so that `{{<p}}{{$b}}` is a standalone
    /// block and `{{<p}}{{/p}}` a standalone parent, as the spec's inheritance tests want.
    ///
    /// A line after a standalone closing tag whose opening tag was not standalone holds no
    /// standalone tag: swift-mustache, which kb used before, read templates so, and kb keeps its
    /// output byte for byte. No test of the spec has such a line.
    func markStandalone(_ tokens: inout [Token]) {
        var open: [UInt8] = []
        /// Whether each open section's tag is standalone.
        var openStandalone: [Bool] = []
        var fresh = true
        var first = 0
        while first < tokens.count {
            var end = first
            while end < tokens.count && tokens[end].kind != .newline { end += 1 }
            var blank = fresh
            var tags = 0
            var others = 0
            for token in tokens[first..<end] {
                switch token.kind {
                case .text:
                    if source[token.start..<token.end].contains(where: { $0 != 0x20 && $0 != 0x09 }) { blank = false }
                case .newline: break
                case .tag:
                    tags += 1
                    switch token.sigil {
                    case UInt8(ascii: "<"): open.append(token.sigil)
                    case UInt8(ascii: "/"): if open.popLast() != UInt8(ascii: "<") { others += 1 }
                    case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                        open.append(token.sigil)
                        others += 1
                    case UInt8(ascii: "!"), UInt8(ascii: "="), UInt8(ascii: ">"): others += 1
                    default: blank = false
                    }
                }
            }
            let standalone = blank && tags > 0 && others <= 1
            fresh = true
            for position in first..<end where tokens[position].kind == .tag {
                switch tokens[position].sigil {
                case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"):
                    openStandalone.append(standalone)
                case UInt8(ascii: "/"):
                    let opened = openStandalone.popLast() ?? true
                    fresh = !standalone || opened
                default: break
                }
            }
            if standalone {
                var indentation: [UInt8] = []
                var next: [UInt8] = []
                if end < tokens.count {
                    var offset = tokens[end].end
                    while offset < source.count && (source[offset] == 0x20 || source[offset] == 0x09) {
                        next.append(source[offset])
                        offset += 1
                    }
                    tokens[end].deleted = true
                }
                var seenTag = false
                for position in first..<end {
                    if tokens[position].kind == .text {
                        if !seenTag { indentation += source[tokens[position].start..<tokens[position].end] }
                        tokens[position].deleted = true
                    } else {
                        seenTag = true
                        tokens[position].standalone = true
                        tokens[position].indentation = indentation
                        tokens[position].nextIndentation = next
                    }
                }
            }
            first = end + 1
        }
    }

    // MARK: Tree

    private struct Frame {
        var token: Token
        var nodes: [TemplateNode<Key>] = []
        var blocks: [String: [TemplateNode<Key>]] = [:]
        /// Removed from the start of each line: a block replacement's own indentation.
        var strip: [UInt8] = []
        var place = BlockPlace(indentation: [], standalone: false)
    }

    func parse() -> (nodes: [TemplateNode<Key>], tags: [TemplateTag], error: TemplateError?) {
        var (tokens, lexError) = tokens()
        let tags = tokens.filter { $0.kind == .tag }.map {
            TemplateTag(
                sigil: $0.sigil == 0 ? nil : Character(UnicodeScalar($0.sigil)), name: $0.name, line: $0.line,
                column: $0.column)
        }
        if let lexError { return ([], tags, lexError) }
        markStandalone(&tokens)
        do {
            return (try tree(tokens), tags, nil)
        } catch let error as TemplateError {
            return ([], tags, error)
        } catch {
            return ([], tags, self.error(1, 1, "\(error)"))
        }
    }

    private static func dropPrefix(_ prefix: [UInt8], of bytes: [UInt8]) -> [UInt8] {
        var count = 0
        while count < prefix.count && count < bytes.count && prefix[count] == bytes[count] { count += 1 }
        return Array(bytes[count...])
    }

    private func tree(_ tokens: [Token]) throws -> [TemplateNode<Key>] {
        var frames = [Frame(token: Token(kind: .tag, start: 0, end: 0))]
        var atLineStart = true
        /// The whitespace the current line has begun with, while it holds nothing else.
        var leading: [UInt8]? = []

        func append(_ bytes: [UInt8], lineStart: Bool) {
            guard frames[frames.count - 1].token.sigil != UInt8(ascii: "<") else { return }
            if case .text(var literal)? = frames[frames.count - 1].nodes.last {
                if lineStart { literal.lineStarts.append(literal.bytes.count) }
                literal.bytes += bytes
                frames[frames.count - 1].nodes[frames[frames.count - 1].nodes.count - 1] = .text(literal)
            } else {
                frames[frames.count - 1].nodes.append(.text(Literal(bytes: bytes, lineStarts: lineStart ? [0] : [])))
            }
        }
        func add(_ node: TemplateNode<Key>) {
            guard frames[frames.count - 1].token.sigil != UInt8(ascii: "<") else { return }
            frames[frames.count - 1].nodes.append(node)
        }

        for token in tokens where !token.deleted {
            switch token.kind {
            case .newline:
                append(Array(source[token.start..<token.end]), lineStart: atLineStart)
                atLineStart = true
                leading = []
                continue
            case .text:
                var bytes = Array(source[token.start..<token.end])
                if atLineStart { bytes = Self.dropPrefix(frames[frames.count - 1].strip, of: bytes) }
                append(bytes, lineStart: atLineStart)
                atLineStart = false
                if leading != nil, !bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                    leading! += bytes
                } else {
                    leading = nil
                }
                continue
            case .tag:
                break
            }
            let strip = frames[frames.count - 1].strip
            if !token.standalone && atLineStart {
                append([], lineStart: true)
                atLineStart = false
            }
            let before = leading
            leading = nil
            if frames[frames.count - 1].token.sigil == UInt8(ascii: "<") {
                switch token.sigil {
                case UInt8(ascii: "$"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: "="): break
                default:
                    throw error(
                        token.nameLine, token.nameColumn, "inside {{<parent}} only {{$block}} sections may stand")
                }
            }
            switch token.sigil {
            case 0, UInt8(ascii: "&"), UInt8(ascii: "{"):
                add(.value(try name(token), escaped: token.sigil == 0))
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "<"):
                frames.append(Frame(token: token, strip: strip))
            case UInt8(ascii: "$"):
                var frame = Frame(token: token, strip: strip)
                if frames[frames.count - 1].token.sigil == UInt8(ascii: "<") {
                    // A replacement: its lines lose the indentation they have where written.
                    frame.strip = token.standalone ? token.nextIndentation : []
                } else if token.standalone {
                    frame.place = BlockPlace(
                        indentation: Self.dropPrefix(strip, of: token.nextIndentation), standalone: true)
                } else {
                    frame.place = BlockPlace(indentation: before ?? [], standalone: false)
                }
                frames.append(frame)
            case UInt8(ascii: "/"):
                guard frames.count > 1, frames[frames.count - 1].token.name == token.name else {
                    throw error(
                        token.nameLine, token.nameColumn, "this closing tag does not match the section it closes")
                }
                let frame = frames.removeLast()
                let open = frame.token
                switch open.sigil {
                case UInt8(ascii: "#"), UInt8(ascii: "^"):
                    add(.section(try name(open), frame.nodes, inverted: open.sigil == UInt8(ascii: "^")))
                case UInt8(ascii: "<"):
                    add(
                        .parent(
                            partialIndex(open.name), indentation: Self.dropPrefix(strip, of: open.indentation),
                            blocks: frame.blocks))
                default:
                    if frames[frames.count - 1].token.sigil == UInt8(ascii: "<") {
                        frames[frames.count - 1].blocks[open.name] = frame.nodes
                    } else {
                        add(.block(open.name, frame.nodes, frame.place))
                    }
                }
            case UInt8(ascii: ">"):
                guard !token.name.hasPrefix("*") else {
                    throw error(token.nameLine, token.nameColumn, "dynamic partial names are not supported")
                }
                add(.partial(partialIndex(token.name), indentation: Self.dropPrefix(strip, of: token.indentation)))
            default:
                break
            }
        }
        if frames.count > 1 {
            let open = frames[frames.count - 1].token
            throw error(open.nameLine, open.nameColumn, "a section is opened here and never closed")
        }
        return frames[0].nodes
    }

    /// `x`, `a.b.c`, `.`, `.a` (only the value on top of the stack) or `empty(x)`.
    private func name(_ token: Token) throws -> TemplateName<Key> {
        var text = Substring(token.name)
        var empty = false
        if let open = text.firstIndex(of: "(") {
            let function = text[..<open]
            guard text.hasSuffix(")"), function == "empty" else {
                throw error(
                    token.nameLine, token.nameColumn,
                    "unknown function \"\(function)\": the one function is empty(…)")
            }
            empty = true
            text = text[text.index(after: open)..<text.index(before: text.endIndex)]
            text = text.drop(while: { $0 == " " })
            while text.last == " " { text = text.dropLast() }
        }
        if text == "." { return TemplateName(target: .current, empty: empty) }
        let top = text.hasPrefix(".")
        if top { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.contains(where: \.isEmpty) else {
            throw error(token.nameLine, token.nameColumn, "\"\(token.name)\" is not a name")
        }
        var keys: [Key] = []
        for part in parts {
            guard let key = key(part) else { return TemplateName(target: .never, empty: empty) }
            keys.append(key)
        }
        return TemplateName(target: top ? .top(keys) : .path(keys), empty: empty)
    }
}
