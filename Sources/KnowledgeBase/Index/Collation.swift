/// The one order of the names a reader sees listed: note titles, tags, types, property values
/// and backlinks alike. Names compare by their romanization (`Romanization`: pinyin for Chinese,
/// so that 阿里云 comes before 杭州 as in a Chinese index; Latin letters without their accents),
/// then folded (`NameKey`), then as written.
///
/// This is not a language's full collation (Swedish puts å after z; Japanese kanji read here in
/// pinyin): Foundation on Linux compares with a locale at about 10 µs a pair, which a sort of
/// 10,000 titles pays over a second for, and exposes no collation keys to compute once.
public struct Collation: Sendable {
    public let romanization: Romanization

    public init(romanization: Romanization) {
        self.romanization = romanization
    }

    /// A key whose order, compared as strings, is the order of the names.
    public func key(_ name: String) -> String {
        let folded = NameKey.make(name)
        // The name as written only where folding changed it: keys go into every table row.
        return romanization.words(name).joined(separator: " ") + "\t" + folded + (folded == name ? "" : "\t" + name)
    }

    /// `items` in the order of their names; items with equal names keep their order.
    public func sorted<Item>(_ items: [Item], by name: (Item) -> String) -> [Item] {
        let keys = items.map { key(name($0)) }
        return items.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { items[$0] }
    }
}
