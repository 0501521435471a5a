/// A file of the finished site.
public struct OutputFile: Sendable, Equatable {
    /// Relative to the output folder, `/`-separated.
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
