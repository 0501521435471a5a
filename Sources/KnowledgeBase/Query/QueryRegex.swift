import CICU

/// A regular expression a query wrote (`regextest`, `regexreplace`, Bases' `/…/` and
/// `.matches()`), run by ICU with a limit on the steps of its match engine: a pattern that
/// backtracks without end (`(a+)+b`) over a note's text stops there, gives null, and is reported,
/// instead of hanging the build. The limit counts steps, not time, so a build gives the same
/// result on any machine and under any load.
/// Not Sendable: ICU's matcher holds the text it matches, and each query runs on one task.
final class QueryRegex {
    /// ICU's unit is ten thousand steps of its engine: 2,000 of them take a fraction of a second.
    static let stepLimit: Int32 = 2_000
    static let maximumPattern = 1_000
    static let maximumSubject = 100_000

    enum Failure: Error, Equatable {
        case invalid(String)
        case tooLong
        case timedOut
    }

    let pattern: String
    private let pointer: OpaquePointer

    /// `flags` as JavaScript writes them after `/…/`: `i`, `m`, `s` (`g` and `u` change nothing here).
    init(_ pattern: String, flags: String = "") throws(Failure) {
        guard pattern.count <= Self.maximumPattern else { throw .tooLong }
        let units = Array(pattern.utf16)
        var error: UnsafePointer<CChar>?
        guard
            let opened = kb_regex_open(
                units, Int32(units.count), flags.contains("i") ? 1 : 0, flags.contains("m") ? 1 : 0,
                flags.contains("s") ? 1 : 0, Self.stepLimit, &error)
        else { throw .invalid(error.map { String(cString: $0) } ?? "invalid") }
        self.pattern = pattern
        pointer = opened
    }

    deinit { kb_regex_close(pointer) }

    /// Each match, as ranges of UTF-16 offsets of the whole match and of its groups (nil where a
    /// group took no part); `all` false stops at the first.
    func matches(in text: String, all: Bool = true) throws(Failure) -> [[Range<Int>?]] {
        try run(text) { pointer in
            let groups = Int(kb_regex_group_count(pointer))
            var found: [[Range<Int>?]] = []
            while true {
                let step = kb_regex_find_next(pointer)
                if step < 0 { return nil }
                if step == 0 { break }
                found.append(
                    (0...groups).map { group in
                        let start = Int(kb_regex_start(pointer, Int32(group)))
                        let end = Int(kb_regex_end(pointer, Int32(group)))
                        return start >= 0 && end >= start ? start..<end : nil
                    })
                if !all { break }
            }
            return found
        }
    }

    /// Whether the whole text matches, as Dataview's `regexmatch` asks.
    func matchesWhole(_ text: String) throws(Failure) -> Bool {
        try run(text) { pointer in
            let step = kb_regex_matches(pointer)
            return step < 0 ? nil : step == 1
        }
    }

    /// `body` over the text, nil from it meaning ICU's step limit was reached.
    private func run<T>(_ text: String, _ body: (OpaquePointer) -> T?) throws(Failure) -> T {
        guard text.utf16.count <= Self.maximumSubject else { throw .tooLong }
        let units = Array(text.utf16)
        // ICU keeps a pointer to the text: it must live while the matcher reads it.
        let result: T? = units.withUnsafeBufferPointer { buffer in
            _ = kb_regex_set_text(pointer, buffer.baseAddress, Int32(buffer.count))
            defer { _ = kb_regex_set_text(pointer, nil, 0) }
            return body(pointer)
        }
        guard let result else { throw .timedOut }
        return result
    }

    /// Every match replaced, `$1` and `$&` in the replacement standing for a group and the match,
    /// as JavaScript's `replace` reads them.
    func replacing(in text: String, with replacement: String, all: Bool = true) throws(Failure) -> String {
        let units = Array(text.utf16)
        var output: [UInt16] = []
        var position = 0
        for match in try matches(in: text, all: all) {
            guard let whole = match[0] else { continue }
            output += units[position..<whole.lowerBound]
            let template = Array(replacement)
            var index = 0
            while index < template.count {
                let character = template[index]
                if character == "$", index + 1 < template.count {
                    let next = template[index + 1]
                    if next == "$" {
                        output += "$".utf16
                        index += 2
                        continue
                    }
                    if next == "&" {
                        output += units[whole]
                        index += 2
                        continue
                    }
                    if let digit = next.wholeNumberValue, digit < match.count {
                        if let group = match[digit] { output += units[group] }
                        index += 2
                        continue
                    }
                }
                output += String(character).utf16
                index += 1
            }
            position = whole.upperBound
        }
        output += units[position...]
        return String(decoding: output, as: UTF16.self)
    }

    /// The text cut at every match.
    func split(_ text: String) throws(Failure) -> [String] {
        let units = Array(text.utf16)
        var parts: [String] = []
        var position = 0
        for match in try matches(in: text) {
            guard let whole = match[0], !(whole.isEmpty && whole.lowerBound == position && position == 0) else {
                continue
            }
            parts.append(String(decoding: units[position..<whole.lowerBound], as: UTF16.self))
            position = whole.upperBound
        }
        parts.append(String(decoding: units[position...], as: UTF16.self))
        return parts
    }
}
