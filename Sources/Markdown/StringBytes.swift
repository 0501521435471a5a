#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finding and replacing exact text in HTML, on its UTF-8 bytes. Foundation's `contains` and
/// `replacingOccurrences` compare by characters through NSString; over every rendered page they
/// were a sixth of a build's samples.
extension String {
    /// Whether `part` occurs in the text, byte for byte.
    public func containsBytes(_ part: String) -> Bool {
        firstOffset(of: part, from: 0) != nil
    }

    /// The text with every occurrence of `target` replaced, byte for byte; the text itself when
    /// there is none.
    public func replacingBytes(_ target: String, with replacement: String) -> String {
        guard var found = firstOffset(of: target, from: 0) else { return self }
        let bytes = Array(utf8)
        let targetCount = target.utf8.count
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 64)
        var start = 0
        while true {
            result += bytes[start..<found]
            result += replacement.utf8
            start = found + targetCount
            guard let next = firstOffset(of: target, from: start) else { break }
            found = next
        }
        result += bytes[start...]
        return String(decoding: result, as: UTF8.self)
    }

    /// The byte offset of the first `part` at or after `start`.
    private func firstOffset(of part: String, from start: Int) -> Int? {
        var part = part
        var text = self
        return text.withUTF8 { haystack in
            part.withUTF8 { needle -> Int? in
                guard let first = needle.first, let base = haystack.baseAddress, let needleBase = needle.baseAddress
                else { return nil }
                // memchr to each candidate first byte, then memcmp: Glibc hides memmem from Swift.
                var offset = start
                while offset + needle.count <= haystack.count,
                    let hit = memchr(base + offset, Int32(first), haystack.count - needle.count + 1 - offset)
                {
                    let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                    if memcmp(hit, needleBase, needle.count) == 0 { return at }
                    offset = at + 1
                }
                return nil
            }
        }
    }
}
