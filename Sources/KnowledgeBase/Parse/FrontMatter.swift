/// A note's text cut into its YAML front matter and its Markdown body.
///
/// This happens before cmark sees the text: cmark would read the `---` lines as rules.
struct FrontMatter: Equatable {
    /// The YAML between the fences, nil when the note has none.
    var yaml: String?
    /// The line of the file on which the YAML starts.
    var yamlLine: Int
    var body: String
    /// The line of the file on which the body starts.
    var bodyLine: Int
    /// Set when an opening fence has no closing one; the whole text is then the body.
    var unterminated: Bool = false

    /// `text` has `\n` line ends. The fences are `---` lines; `...` also closes, as in YAML.
    static func split(_ text: String) -> FrontMatter {
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = lines.first, isFence(first, opening: true), lines.count == 2 else {
            return FrontMatter(yaml: nil, yamlLine: 1, body: text, bodyLine: 1)
        }
        let rest = lines[1]
        var lineNumber = 2
        var lineStart = rest.startIndex
        while lineStart < rest.endIndex {
            let lineEnd = rest[lineStart...].firstIndex(of: "\n") ?? rest.endIndex
            if isFence(rest[lineStart..<lineEnd], opening: false) {
                let bodyStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : lineEnd
                return FrontMatter(
                    yaml: String(rest[rest.startIndex..<lineStart]), yamlLine: 2,
                    body: String(rest[bodyStart...]), bodyLine: lineNumber + 1)
            }
            lineNumber += 1
            lineStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : lineEnd
        }
        return FrontMatter(yaml: nil, yamlLine: 1, body: text, bodyLine: 1, unterminated: true)
    }

    private static func isFence(_ line: Substring, opening: Bool) -> Bool {
        var fence = line
        while fence.last == " " || fence.last == "\t" { fence = fence.dropLast() }
        return fence == "---" || (!opening && fence == "...")
    }
}
