/// FNV-1a over UTF-8 bytes: the same value on every machine and in every run, unlike Swift's
/// `Hasher`, and easy to compute in JavaScript (`assets/kb.js` does, to find a token's shard).
enum StableHash {
    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}
