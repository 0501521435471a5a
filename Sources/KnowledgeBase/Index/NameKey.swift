import Foundation

/// How names are compared: NFKC (so `ＡＩ` is `AI` and composed and decomposed accents agree),
/// lowercased, outer spaces dropped.
enum NameKey {
    static func make(_ name: String) -> String {
        name.precomposedStringWithCompatibilityMapping.lowercased().trimmingSpaces
    }
}
