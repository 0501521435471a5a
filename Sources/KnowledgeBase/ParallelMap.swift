/// `items.map(transform)` spread over `jobs` tasks, results in the order of `items`.
///
/// Work is cut into contiguous chunks, a few per job, so that a slow chunk does not leave a core
/// idle and the per-task cost stays small next to the work.
func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, _ transform: @escaping @Sendable (Item) -> Result
) async -> [Result] {
    guard jobs > 1, items.count > 1 else { return items.map(transform) }
    let chunkCount = min(items.count, jobs * 4)
    let chunkSize = (items.count + chunkCount - 1) / chunkCount
    return await withTaskGroup(of: (Int, [Result]).self) { group in
        for start in stride(from: 0, to: items.count, by: chunkSize) {
            let chunk = Array(items[start..<min(start + chunkSize, items.count)])
            group.addTask { (start, chunk.map(transform)) }
        }
        var chunks: [(Int, [Result])] = []
        for await chunk in group { chunks.append(chunk) }
        return chunks.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }
}
