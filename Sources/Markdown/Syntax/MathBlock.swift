import CCmarkGFM

/// Display math as a block of its own: a line that opens with `$$` or `\\[` starts it, and the first
/// line holding `$$` or `\\]` before a blank line ends it (see `MathSyntax`).
extension MathSyntax {

    /// `$$ … $$` or `\[ … \]` opening a line.
    enum Fence: Int {
        case dollars = 1
        case brackets = 2

        init?(_ line: UnsafeBufferPointer<UInt8>, at start: Int) {
            guard start + 1 < line.count else { return nil }
            switch (line[start], line[start + 1]) {
            case (UInt8(ascii: "$"), UInt8(ascii: "$")): self = .dollars
            case (UInt8(ascii: "\\"), UInt8(ascii: "[")): self = .brackets
            default: return nil
            }
        }

        /// Where the closing `$$` or `\]` starts in `line`, read from `start`.
        func closer(in line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
            var position = start
            while position + 1 < line.count {
                let byte = line[position]
                let next = line[position + 1]
                switch self {
                case .dollars where byte == UInt8(ascii: "$") && next == UInt8(ascii: "$"): return position
                case .brackets where byte == UInt8(ascii: "\\") && next == UInt8(ascii: "]"): return position
                default: break
                }
                position += byte == UInt8(ascii: "\\") ? 2 : 1
            }
            return nil
        }
    }

    /// While it is read, a block is a code block of this extension (the one kind of block whose
    /// lines cmark adds without reading them), and its user data tells its fence and whether the
    /// closing line has come. `MarkdownDocument.convertMathBlocks` makes it a custom block.
    private static func state(_ fence: Fence, closed: Bool) -> UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(bitPattern: fence.rawValue * 2 + (closed ? 1 : 0))
    }

    private static func fence(ofState state: UnsafeMutableRawPointer?) -> (fence: Fence, closed: Bool)? {
        let value = Int(bitPattern: state)
        return Fence(rawValue: value / 2).map { ($0, value % 2 == 1) }
    }

    static let openBlock: cmark_open_block_func = {
        syntaxExtension, indented, parser, container, input, length in
        guard indented == 0, let parser, let container, let input else { return nil }
        switch cmark_node_get_type(container) {
        case CMARK_NODE_DOCUMENT, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_ITEM, CMARK_NODE_FOOTNOTE_DEFINITION,
            CMARK_NODE_PARAGRAPH:
            break
        default:
            return nil
        }
        let line = UnsafeBufferPointer(start: input, count: Int(length))
        let start = Int(cmark_parser_get_first_nonspace(parser))
        guard let fence = Fence(line, at: start) else { return nil }
        var closed = false
        if let close = fence.closer(in: line, from: start + 2) {
            // On one line, a block only when nothing follows it.
            guard line[(start + 2)..<close].contains(where: { !isSpace($0) }),
                line[(close + 2)...].allSatisfy(isSpace)
            else { return nil }
            closed = true
        } else if !openersOfThisParse.contains(cmark_parser_get_line_number(parser)) {
            return nil
        }
        guard let block = cmark_parser_add_child(parser, container, CMARK_NODE_CODE_BLOCK, Int32(start + 1)) else {
            return nil
        }
        cmark_node_set_syntax_extension(block, syntaxExtension)
        cmark_node_set_user_data(block, state(fence, closed: closed))
        let skipped = Int32(start) - cmark_parser_get_offset(parser)
        input.withMemoryRebound(to: CChar.self, capacity: Int(length)) {
            cmark_parser_advance_offset(parser, $0, skipped, 0)
        }
        return block
    }

    static let matchBlock: cmark_match_block_func = { _, parser, input, length, block in
        guard let parser, let input, let block, let (fence, closed) = fence(ofState: cmark_node_get_user_data(block)),
            !closed, cmark_parser_is_blank(parser) == 0
        else { return 0 }
        let line = UnsafeBufferPointer(start: input, count: Int(length))
        if fence.closer(in: line, from: Int(cmark_parser_get_offset(parser))) != nil {
            cmark_node_set_user_data(block, state(fence, closed: true))
        }
        return 1
    }

    /// The lines (1-based) where a block may open without closing on the same line: its closing
    /// line comes before a blank one. cmark shows the block parser one line at a time, so this is
    /// read beforehand, roughly (container markers are skipped, not matched); the parser checks the
    /// rest. One pass: the lines that may open wait for a closing line, and a blank line drops them.
    static func blockOpeners<Text: StringProtocol>(in text: Text) -> Set<Int32> {
        let find: (UnsafeBufferPointer<UInt8>) -> Set<Int32> = { bytes in
            guard mayHoldBlocks(bytes) else { return [] }
            var openers: Set<Int32> = []
            var waiting: [Fence: [Int32]] = [.dollars: [], .brackets: []]
            var number: Int32 = 0
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
                number += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if end < bytes.count, bytes[end] == UInt8(ascii: "\r"), end + 1 < bytes.count,
                    bytes[end + 1] == UInt8(ascii: "\n")
                {
                    end += 1
                }
                start = end + 1
                // Blank in its quote; a `-` alone is TeX as much as an empty list item.
                guard line.contains(where: { !isSpace($0) && $0 != UInt8(ascii: ">") }) else {
                    waiting[.dollars]?.removeAll()
                    waiting[.brackets]?.removeAll()
                    continue
                }
                for fence in [Fence.dollars, .brackets] where !(waiting[fence]?.isEmpty ?? true) {
                    if fence.closer(in: line, from: 0) != nil {
                        openers.formUnion(waiting[fence] ?? [])
                        waiting[fence]?.removeAll()
                    }
                }
                let content = contentStart(of: line)
                if let fence = Fence(line, at: content), fence.closer(in: line, from: content + 2) == nil {
                    waiting[fence]?.append(number)
                }
            }
            return openers
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(find) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(find)
    }

    /// A cheap look before splitting lines: most notes hold neither `$$` nor `\[`.
    private static func mayHoldBlocks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if (byte == UInt8(ascii: "$") && previous == UInt8(ascii: "$"))
                || (byte == UInt8(ascii: "[") && previous == UInt8(ascii: "\\"))
            {
                return true
            }
            previous = byte
        }
        return false
    }

    /// Past the markers of quotes and list items and the spaces around them.
    private static func contentStart(of line: UnsafeBufferPointer<UInt8>) -> Int {
        var position = 0
        while position < line.count {
            let byte = line[position]
            if isSpace(byte) || byte == UInt8(ascii: ">") {
                position += 1
            } else if [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*")].contains(byte),
                position + 1 == line.count || isSpace(line[position + 1])
            {
                position += 1
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                var end = position
                while end < line.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[end]) { end += 1 }
                guard end < line.count, line[end] == UInt8(ascii: ".") || line[end] == UInt8(ascii: ")"),
                    end + 1 == line.count || isSpace(line[end + 1])
                else { return position }
                position = end + 1
            } else {
                return position
            }
        }
        return position
    }
}
