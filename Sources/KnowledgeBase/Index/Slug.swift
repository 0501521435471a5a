import Foundation

/// ASCII URL segments: Chinese transliterated to pinyin (`阿里云` → `a-li-yun`), everything else
/// lowercased, runs of other characters turned into one hyphen.
public enum Slug {
    public static func make(_ text: String) -> String {
        var latin = text
        if !text.unicodeScalars.allSatisfy(\.isASCII) {
            // ICU's Han-Latin/Names reads names the way they are read as names (重庆 → chong qing).
            latin = text.applyingTransform(StringTransform("Han-Latin/Names; Latin-ASCII"), reverse: false) ?? text
        }
        var slug = ""
        var pendingHyphen = false
        for scalar in latin.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return slug
    }

    /// A `slug:` written by hand must already be a safe single segment.
    public static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && slug != "." && slug != ".."
            && slug.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
            }
            && !slug.hasPrefix(".")
    }
}
