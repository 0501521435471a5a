import Foundation

/// How names are compared: NFKC (so `ＡＩ` is `AI` and composed and decomposed accents agree),
/// lowercased, outer spaces dropped.
enum NameKey {
    static func make(_ name: String) -> String {
        let normalized = isNFKCStable(name) ? name : name.precomposedStringWithCompatibilityMapping
        return normalized.lowercased().trimmingSpaces
    }

    /// Printable ASCII and the common CJK ideographs, most names, are left as they are by NFKC
    /// (none of them composes or decomposes); Foundation's NFKC costs a bridge per call, and
    /// every link and mention asks.
    private static func isNFKCStable(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { scalar in
            (0x20...0x7E).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value)
                || (0x3400...0x4DBF).contains(scalar.value)
        }
    }
}
