/// FNV-1a over UTF-8 bytes: the same value on every machine and in every run, unlike Swift's
/// `Hasher`, and easy to compute in JavaScript (`assets/kb.js` does, to find a token's shard).
enum StableHash {
    static let start: UInt32 = 2_166_136_261

    static func fnv1a(_ text: String) -> UInt32 {
        text.utf8.reduce(start, adding)
    }

    /// One more byte into `hash`.
    static func adding(_ hash: UInt32, _ byte: UInt8) -> UInt32 {
        (hash ^ UInt32(byte)) &* 16_777_619
    }
}
