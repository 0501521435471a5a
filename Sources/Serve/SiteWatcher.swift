import Foundation

/// Notices changes in the folders a site is built from by comparing, a few times a second, the
/// path, size and modification time of every file: portable, and cheap next to a build.
public struct SiteWatcher: Sendable {
    public let folders: [URL]

    public init(folders: [URL]) {
        self.folders = folders
    }

    public struct Snapshot: Equatable, Sendable {
        fileprivate var entries: [String: FileStamp] = [:]
    }

    fileprivate struct FileStamp: Equatable, Sendable {
        var size: Int
        var modified: Double
    }

    public func snapshot() -> Snapshot {
        var snapshot = Snapshot()
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey, .isRegularFileKey]
        for folder in folders {
            guard
                let enumerator = FileManager.default.enumerator(
                    at: folder, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
            else { continue }
            for case let url as URL in enumerator {
                guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else {
                    continue
                }
                snapshot.entries[url.path] = FileStamp(
                    size: values.fileSize ?? 0, modified: values.contentModificationDate?.timeIntervalSince1970 ?? 0)
            }
        }
        return snapshot
    }
}
