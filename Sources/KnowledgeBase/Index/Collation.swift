import CICU

/// The one order of the names a reader sees listed: note titles, tags, types, property values
/// and backlinks alike, in the site's language.
///
/// On a Chinese site (`zh`, `zh-CN`, `zh-TW` …) names compare by their romanization
/// (`Romanization`: pinyin, so that 阿里云 comes before 杭州 as in a Chinese index, whatever the
/// script: ICU's own order for Traditional Chinese is by strokes), then folded (`NameKey`), then
/// as written. In any other language they compare by that language's collation from ICU: kana in
/// gojūon order for Japanese, å after z for Swedish, ñ after n for Spanish, case and accents only
/// breaking ties. A key is worked out once per name: ICU's sort keys compare as bytes, so lists
/// sort by plain string comparison, in Swift and in the page's script alike. Foundation's
/// `compare(_:options:range:locale:)` gives no such key and costs a comparison's worth of ICU
/// work at every comparison (the README has the figures).
public struct Collation: Sendable {
    private enum Order: Sendable {
        case romanized(Romanization)
        case language(LanguageCollator)
    }

    private let order: Order

    /// `romanization` is read only for a Chinese site.
    public init(language: String, romanization: @autoclosure () -> Romanization) {
        if Self.isChinese(language) {
            order = .romanized(romanization())
        } else if let collator = LanguageCollator(language: language) {
            order = .language(collator)
        } else {
            order = .romanized(romanization())
        }
    }

    static func isChinese(_ language: String) -> Bool {
        let lowered = language.lowercased()
        return lowered == "zh" || lowered.hasPrefix("zh-") || lowered.hasPrefix("zh_")
    }

    /// This collation, knowing how to spell the characters of `names` too.
    public func adding(_ names: @autoclosure () -> [String]) -> Collation {
        guard case .romanized(let romanization) = order else { return self }
        return Collation(order: .romanized(romanization.adding(names())))
    }

    private init(order: Order) {
        self.order = order
    }

    /// A key whose order, compared as strings, is the order of the names.
    public func key(_ name: String) -> String {
        switch order {
        case .romanized(let romanization):
            let folded = NameKey.make(name)
            // The name as written only where folding changed it: keys go into every table row.
            return romanization.words(name).joined(separator: " ") + "\t" + folded + (folded == name ? "" : "\t" + name)
        case .language(let collator):
            // Names ICU finds equal (two ways of writing é) still get one order.
            return collator.key(name) + "\t" + name
        }
    }

    /// `items` in the order of their names; items with equal names keep their order.
    public func sorted<Item>(_ items: [Item], by name: (Item) -> String) -> [Item] {
        let keys = items.map { key(name($0)) }
        return items.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { items[$0] }
    }
}

/// An ICU collator, opened once a build.
///
/// `@unchecked Sendable`: the collator is opened and never changed afterwards (no attribute is
/// set), and the only call made on it, `ucol_getSortKey`, takes it `const`; ICU's design makes
/// the const functions of a service object such as a collator safe to call from many threads
/// at once (the ICU User Guide, "ICU Design", on thread safety).
final class LanguageCollator: @unchecked Sendable {
    private let collator: OpaquePointer

    init?(language: String) {
        guard let collator = kb_collator_open(language) else { return nil }
        self.collator = collator
    }

    deinit {
        kb_collator_close(collator)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// The sort key in hexadecimal, which keeps the order of its bytes and is text an HTML
    /// attribute can hold.
    func key(_ name: String) -> String {
        let text = Array(name.utf16)
        var bytes = [UInt8](repeating: 0, count: 16 + text.count * 4)
        var length = Int(kb_collator_sort_key(collator, text, Int32(text.count), &bytes, Int32(bytes.count)))
        if length > bytes.count {
            bytes = [UInt8](repeating: 0, count: length)
            length = Int(kb_collator_sort_key(collator, text, Int32(text.count), &bytes, Int32(bytes.count)))
        }
        // The key ends with a 0 byte, which says nothing once keys are strings.
        let count = max(0, length - 1)
        return String(unsafeUninitializedCapacity: count * 2) { buffer in
            for position in 0..<count {
                buffer[position * 2] = Self.digits[Int(bytes[position] >> 4)]
                buffer[position * 2 + 1] = Self.digits[Int(bytes[position] & 0xF)]
            }
            return count * 2
        }
    }
}
