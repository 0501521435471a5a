import Foundation

/// One pattern of `exclude:` in site.yml, with the meaning a line of `.gitignore` has: people
/// already know those rules, and a vault kept in git may already have them written down.
public struct ExcludePattern: Sendable, Hashable, CustomStringConvertible {
    /// As written in site.yml.
    public let description: String
    /// `!pattern`: brings back what an earlier pattern left out.
    public let negated: Bool
    /// `pattern/`: matches folders only.
    public let foldersOnly: Bool
    /// The pattern cut at `/`, each piece for `fnmatch(3)` or `**`. A pattern without an inner or
    /// leading `/` matches at any depth, so it starts with `**`.
    let segments: [String]

    /// Why a pattern is refused: each of these would never match, and silently publishing what
    /// the pattern was meant to leave out is worse than a warning.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case emptyFolderName
        case relativeFolderName(String)
        case unclosedBracket
        case loneBackslash

        public var description: String {
            switch self {
            case .empty: "is empty"
            case .emptyFolderName: "has two slashes in a row"
            case .relativeFolderName(let name): "names \"\(name)\", which no path below the content folder holds"
            case .unclosedBracket: "has a \"[\" that is never closed"
            case .loneBackslash: "ends in a backslash that escapes nothing"
            }
        }
    }

    public init(_ text: String) throws(Problem) {
        description = text
        var pattern = Substring(Self.trimmingTrailingSpaces(text))
        negated = pattern.hasPrefix("!")
        if negated { pattern.removeFirst() }
        foldersOnly = pattern.hasSuffix("/")
        if foldersOnly { pattern.removeLast() }
        let anchored = pattern.contains("/")
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        guard !pattern.isEmpty else { throw .empty }
        let pieces = pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for piece in pieces {
            guard !piece.isEmpty else { throw .emptyFolderName }
            guard piece != "." && piece != ".." else { throw .relativeFolderName(piece) }
            try Self.check(piece)
        }
        segments = anchored ? pieces : ["**"] + pieces
    }

    /// Whether the pattern matches `path`, relative to the content folder and `/`-separated.
    public func matches(_ path: String, isFolder: Bool) -> Bool {
        guard isFolder || !foldersOnly else { return false }
        let names = path.split(separator: "/").map(String.init)
        // matched[s][n]: segments from s on match names from n on. Filled from the end, so each
        // pair is tried once however many `**` the pattern holds.
        var matched = [[Bool]](repeating: [Bool](repeating: false, count: names.count + 1), count: segments.count + 1)
        matched[segments.count][names.count] = true
        for s in stride(from: segments.count - 1, through: 0, by: -1) {
            for n in stride(from: names.count, through: 0, by: -1) {
                if segments[s] == "**" {
                    // A trailing `**` is everything inside a folder, not the folder itself
                    // (`Archive/**` then `!Archive/keep.md` works); elsewhere it is zero or
                    // more folders.
                    let last = s == segments.count - 1
                    matched[s][n] = last ? n < names.count : matched[s + 1][n] || (n < names.count && matched[s][n + 1])
                } else {
                    // fnmatch(3) matches one segment against one name: kb does not write its own
                    // glob matcher, only gitignore's rules around it. Without FNM_PERIOD, `*`
                    // matches a leading dot, as in git.
                    matched[s][n] = n < names.count && matched[s + 1][n + 1] && fnmatch(segments[s], names[n], 0) == 0
                }
            }
        }
        return matched[0][0]
    }

    /// gitignore drops trailing spaces unless a backslash escapes them.
    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        while scalars.last == " " {
            let backslashes = scalars.dropLast().reversed().prefix { $0 == "\\" }.count
            if backslashes % 2 == 1 { break }
            scalars.removeLast()
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// glibc's fnmatch(3) never matches a pattern with an unclosed `[` or a trailing `\`, not
    /// even literally, so such a pattern is reported rather than kept.
    private static func check(_ piece: String) throws(Problem) {
        let scalars = Array(piece.unicodeScalars)
        var position = 0
        while position < scalars.count {
            switch scalars[position] {
            case "\\":
                guard position + 1 < scalars.count else { throw .loneBackslash }
                position += 2
            case "[":
                guard let end = bracketEnd(scalars, from: position) else { throw .unclosedBracket }
                position = end + 1
            default:
                position += 1
            }
        }
    }

    /// The position of the `]` that closes the bracket expression opening at `start`, read as
    /// fnmatch(3) reads it: a `]` first (after `!` or `^`) is a member, `[:alpha:]` is one member,
    /// and a backslash escapes.
    private static func bracketEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var position = start + 1
        if position < scalars.count, scalars[position] == "!" || scalars[position] == "^" { position += 1 }
        if position < scalars.count, scalars[position] == "]" { position += 1 }
        while position < scalars.count {
            switch scalars[position] {
            case "]":
                return position
            case "\\":
                position += 2
            case "[" where position + 1 < scalars.count && ":=.".unicodeScalars.contains(scalars[position + 1]):
                let kind = scalars[position + 1]
                var close = position + 2
                while close + 1 < scalars.count, !(scalars[close] == kind && scalars[close + 1] == "]") { close += 1 }
                guard close + 1 < scalars.count else { return nil }
                position = close + 2
            default:
                position += 1
            }
        }
        return nil
    }
}
