/// ASCII URL segments: Chinese in pinyin (`阿里云` → `a-li-yun`), everything else lowercased,
/// words joined by hyphens.
public enum Slug {
    public static func make(_ text: String, romanization: Romanization) -> String {
        romanization.words(text).joined(separator: "-")
    }

    /// For a single text, as in tests and `kb new`.
    public static func make(_ text: String) -> String {
        make(text, romanization: Romanization(names: [text]))
    }

    /// A segment of a `permalink:`: a published site's URLs may hold capitals.
    public static func isValidPermalinkSegment(_ segment: String) -> Bool {
        segment != "." && segment != ".." && isValid(segment.lowercased())
    }

    /// A `slug:` written by hand must already be a safe single segment.
    public static func isValid(_ slug: String) -> Bool {
        !slug.isEmpty && !slug.hasPrefix(".")
            && slug.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
            }
    }
}
