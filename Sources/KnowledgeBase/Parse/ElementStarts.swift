import Foundation

/// Where each line of the file starts, to turn a byte offset into a line and a column of
/// Unicode scalars, as every diagnostic counts them.
struct LineTable {
    let bytes: [UInt8]
    let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.starts = starts
    }

    func place(ofByte offset: Int) -> CanvasPlace {
        // The last line that starts at or before `offset`, found by halving: a canvas of
        // thousands of nodes asks once for each.
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return CanvasPlace(line: low + 1, byteColumn: offset - starts[low] + 1)
    }

    func location(of place: CanvasPlace) -> SourceLocation {
        guard place.line >= 1, place.line <= starts.count else { return SourceLocation(line: place.line, column: 1) }
        let start = starts[place.line - 1]
        let end = min(start + place.byteColumn - 1, bytes.count)
        return SourceLocation(line: place.line, column: bytes[start..<end].count { $0 & 0xC0 != 0x80 } + 1)
    }

    /// Foundation names where JSON broke in its message only: "around line 3, column 7" (its
    /// columns count from 0 at some versions and 1 at others; the line is what a reader needs), or
    /// "around character 42", a byte offset.
    func location(ofFoundationError error: Error) -> SourceLocation {
        let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        func number(after word: String) -> Int? {
            guard let range = message.range(of: word + " ") else { return nil }
            return Int(message[range.upperBound...].prefix { $0.isNumber })
        }
        if let line = number(after: "line"), line >= 1 {
            return SourceLocation(line: line, column: max(number(after: "column") ?? 1, 1))
        }
        if let offset = number(after: "character") {
            return location(of: place(ofByte: min(offset, bytes.count)))
        }
        return SourceLocation(line: 1, column: 1)
    }
}

/// The byte offset at which each element of the top object's `nodes` and `edges` lists starts.
/// Only strings, commas and nesting are followed: the text already parsed as JSON.
struct ElementStarts {
    var offsets: [String: [Int]] = [:]

    init(_ text: String) {
        let bytes = Array(text.utf8)
        var depth = 0
        var inString = false
        var escaped = false
        var stringStart = 0
        var lastKey = ""
        var list: String?
        // Inside one of the lists, after its `[` or a `,`: the next byte that is not a space
        // starts an element, whatever it is.
        var awaitingElement = false
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastKey = String(decoding: bytes[(stringStart + 1)..<offset], as: UTF8.self) }
                }
                continue
            }
            if byte <= 0x20 { continue }
            if awaitingElement, let list, byte != UInt8(ascii: "]") {
                offsets[list, default: []].append(offset)
                awaitingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = offset
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 1, byte == UInt8(ascii: "["), lastKey == "nodes" || lastKey == "edges" {
                    list = lastKey
                    awaitingElement = true
                }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 1 { list = nil }
            case UInt8(ascii: ","):
                if depth == 2, list != nil { awaitingElement = true }
            default:
                break
            }
        }
    }

    func place(of element: Int, in list: String, lines: LineTable) -> CanvasPlace {
        let offsets = offsets[list] ?? []
        return lines.place(ofByte: element < offsets.count ? offsets[element] : 0)
    }
}
