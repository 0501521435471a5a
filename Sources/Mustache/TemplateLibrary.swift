/// A set of templates compiled for one model, which name each other as partials and parents.
/// Every name is resolved when the library is made: a partial is an index, a name a path of keys.
public struct TemplateLibrary<Value: MustacheValue>: Sendable {
    @usableFromInline let templates: [[TemplateNode<Value.Key>]]
    private let indices: [String: Int]
    /// The templates that do not parse, each at its first error; they render as nothing.
    public let errors: [TemplateError]
    /// The tags of each template as written, for checks of their names.
    public let tags: [String: [TemplateTag]]

    /// Compiles `sources` (name, text); a template that does not parse is kept as an empty one,
    /// with its error in `errors`.
    public init(_ sources: [(name: String, text: String)]) {
        var indices: [String: Int] = [:]
        for (index, source) in sources.enumerated() where indices[source.name] == nil {
            indices[source.name] = index
        }
        var templates: [[TemplateNode<Value.Key>]] = []
        var errors: [TemplateError] = []
        var tags: [String: [TemplateTag]] = [:]
        for source in sources {
            let parser = TemplateParser<Value.Key>(
                source: Array(source.text.utf8), template: source.name, key: Value.key(for:),
                partialIndex: { indices[$0] })
            let parsed = parser.parse()
            templates.append(parsed.nodes)
            tags[source.name] = parsed.tags
            if let error = parsed.error { errors.append(error) }
        }
        self.templates = templates
        self.indices = indices
        self.errors = errors
        self.tags = tags
    }

    /// The index of the template named `name`, for `render(_:_:)`.
    public func index(of name: String) -> Int? { indices[name] }

    /// Template `index` rendered with `root` at the bottom of the context stack.
    @inlinable
    public func render(_ index: Int, _ root: Value) -> [UInt8] {
        var renderer = TemplateRenderer<Value>(templates: templates, stack: [root])
        renderer.render(templates[index], indentation: [], blocks: [:], depth: 0)
        return renderer.output
    }
}

/// One rendering: the context stack and the bytes written so far.
@usableFromInline
struct TemplateRenderer<Value: MustacheValue> {
    @usableFromInline let templates: [[TemplateNode<Value.Key>]]
    @usableFromInline var stack: [Value]
    @usableFromInline var output: [UInt8] = []

    /// Partials within partials, past which a template that includes itself for ever stops.
    @usableFromInline static var maximumDepth: Int { 200 }

    @inlinable
    init(templates: [[TemplateNode<Value.Key>]], stack: [Value]) {
        self.templates = templates
        self.stack = stack
        output.reserveCapacity(16 * 1024)
    }

    @inlinable
    func resolve(_ name: TemplateName<Value.Key>) -> Value? {
        var found: Value?
        switch name.target {
        case .current:
            found = stack.last
        case .path(let path):
            var index = stack.count - 1
            while index >= 0 {
                if let value = stack[index].value(at: path[...]) {
                    found = value
                    break
                }
                index -= 1
            }
        case .top(let path):
            found = stack.last?.value(at: path[...])
        case .never:
            found = nil
        }
        guard name.empty else { return found }
        return found?.isEmpty.map(Value.boolean)
    }

    @inlinable
    mutating func render(
        _ nodes: [TemplateNode<Value.Key>], indentation: [UInt8], blocks: [String: [TemplateNode<Value.Key>]],
        depth: Int, indentsFirstLine: Bool = true
    ) {
        for position in nodes.indices {
            switch nodes[position] {
            case .text(let literal):
                if indentation.isEmpty || literal.lineStarts.isEmpty {
                    output += literal.bytes
                } else {
                    var start = 0
                    for lineStart in literal.lineStarts {
                        if lineStart == 0 && position == 0 && !indentsFirstLine { continue }
                        output += literal.bytes[start..<lineStart]
                        output += indentation
                        start = lineStart
                    }
                    output += literal.bytes[start...]
                }
            case .value(let name, let escaped):
                resolve(name)?.write(to: &output, escaped: escaped)
            case .section(let name, let body, let inverted):
                let value = resolve(name)
                let section = value?.section ?? .hidden
                if inverted {
                    if section == .hidden || section == .list(count: 0) {
                        render(body, indentation: indentation, blocks: blocks, depth: depth)
                    }
                    continue
                }
                switch section {
                case .hidden:
                    break
                case .shown:
                    render(body, indentation: indentation, blocks: blocks, depth: depth)
                case .pushed:
                    stack.append(value!)
                    render(body, indentation: indentation, blocks: blocks, depth: depth)
                    stack.removeLast()
                case .list(let count):
                    for index in 0..<count {
                        stack.append(value!.item(at: index))
                        render(body, indentation: indentation, blocks: blocks, depth: depth)
                        stack.removeLast()
                    }
                }
            case .partial(let index, let own):
                guard let index, depth < Self.maximumDepth else { continue }
                render(templates[index], indentation: indentation + own, blocks: [:], depth: depth + 1)
            case .parent(let index, let own, let replacements):
                guard let index, depth < Self.maximumDepth else { continue }
                // A block replaced further down the inheritance wins over this template's own.
                let inherited = replacements.merging(blocks) { _, outer in outer }
                render(templates[index], indentation: indentation + own, blocks: inherited, depth: depth + 1)
            case .block(let name, let defaults, let place):
                guard let replacement = blocks[name] else {
                    render(defaults, indentation: indentation, blocks: blocks, depth: depth)
                    continue
                }
                guard depth < Self.maximumDepth else { continue }
                let indented = indentation + place.indentation
                // A replacement written inline after `{{$block}}` has no line start of its own.
                var startsALine = false
                if case .text(let literal)? = replacement.first { startsALine = literal.lineStarts.first == 0 }
                if place.standalone && !startsALine { output += indented }
                render(
                    replacement, indentation: indented, blocks: blocks, depth: depth + 1,
                    indentsFirstLine: place.standalone)
            }
        }
    }
}
