/// `items.map(transform)` spread over `jobs` tasks, results in the order of `items`.
///
/// Work is cut into contiguous chunks, 32 per job, which the cores take one after another: items
/// differ in cost (a hub note has thousands of backlinks), and with only a few chunks per job one
/// core sat idle while the other finished a heavy one. A chunk still holds enough work that the
/// per-task cost stays small.
func parallelMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, _ transform: @escaping @Sendable (Item) -> Result
) async -> [Result] {
    guard jobs > 1, items.count > 1 else { return items.map(transform) }
    let chunkCount = min(items.count, jobs * 32)
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
