import Markdown

/// A link from one note to another, as the Graph stage collects it.
public struct OutgoingLink: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case link, relation, mention

        private var order: Int {
            switch self {
            case .link: 0
            case .relation: 1
            case .mention: 2
            }
        }

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.order < rhs.order }
    }

    public var target: Int
    public var kind: Kind
    /// The front-matter key of a relation.
    public var property: String?
    /// The text around the link, for the target's backlinks.
    public var excerpt: String
}

/// A `#Heading` a link points at, checked once every note's headings are known.
public struct AnchorReference: Sendable, Hashable {
    public var target: Int
    public var heading: String
    public var location: SourceLocation
}

/// A row of the infobox: a property and its values, relations resolved.
public struct PropertyRow: Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var text: String
        /// The note a relation points at; nil for plain text and for broken relations.
        public var target: Int?
        public var isBroken: Bool
    }

    public var key: String
    public var values: [Value]
}

/// A note's body as HTML, and everything learned while rendering it.
public struct RenderedNote: Sendable {
    public var html: String
    /// The body as plain text, for search.
    public var text: String
    public var headings: [Heading]
    public var links: [OutgoingLink]
    public var anchors: [AnchorReference]
    public var properties: [PropertyRow]
    public var diagnostics: [Diagnostic]
}
