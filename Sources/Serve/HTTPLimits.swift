/// The largest request head kb serve reads. A bigger one is refused as soon as that much of it has
/// arrived, so a client can make the server neither hold nor scan more than this.
public struct HTTPLimits: Sendable, Equatable {
    /// The request line (method, target and version, with any blank lines before it): a longer
    /// one gets 414.
    public var requestLine: Int
    /// The header lines together, the blank line that ends them included: more gets 431.
    public var headerBytes: Int
    /// How many header lines: more gets 431.
    public var headerCount: Int

    /// nginx's default for one line and four times that for all of them: a browser's cookies for
    /// `localhost`, which every local server shares, must fit.
    public init(requestLine: Int = 8192, headerBytes: Int = 32768, headerCount: Int = 100) {
        self.requestLine = requestLine
        self.headerBytes = headerBytes
        self.headerCount = headerCount
    }
}
