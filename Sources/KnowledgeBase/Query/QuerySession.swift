/// What one query's run keeps beside its rows: the regular expressions it compiled (once each,
/// not once per note) and the warnings its evaluation gave, which the Query stage reports at the
/// query's place. Not Sendable: a query runs on one task from start to end.
final class QuerySession {
    private var regexes: [String: Result<QueryRegex, QueryRegex.Failure>] = [:]
    /// Patterns that ran out of steps: not run again, so one bad pattern costs one budget, not
    /// one per note.
    private var exhausted: Set<String> = []
    private(set) var warnings: [String] = []

    func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    /// `body` with the compiled pattern; nil, and a warning, when it cannot be compiled or runs
    /// past its budget of steps on some text.
    func withRegex<T>(_ pattern: String, flags: String, _ body: (QueryRegex) throws -> T) -> T? {
        let key = flags + "/" + pattern
        guard !exhausted.contains(key) else { return nil }
        let compiled: Result<QueryRegex, QueryRegex.Failure>
        if let known = regexes[key] {
            compiled = known
        } else {
            do throws(QueryRegex.Failure) { compiled = .success(try QueryRegex(pattern, flags: flags)) } catch {
                compiled = .failure(error)
            }
            regexes[key] = compiled
        }
        let shown = "/" + String(pattern.prefix(60)) + (pattern.count > 60 ? "…" : "") + "/" + flags
        do {
            return try body(try compiled.get())
        } catch {
            // `body` throws only what `QueryRegex` throws.
            switch error as? QueryRegex.Failure ?? .timedOut {
            case .invalid(let reason):
                warn("the regular expression \(shown) cannot be read (\(reason)); its value is null")
            case .tooLong:
                warn(
                    "the regular expression \(shown) or a text it reads is too long (more than "
                        + "\(QueryRegex.maximumPattern) characters of pattern, \(QueryRegex.maximumSubject) of text); "
                        + "its value is null there")
            case .timedOut:
                exhausted.insert(key)
                warn(
                    "the regular expression \(shown) backtracks past its budget of steps; it is not run again, and "
                        + "its value is null")
            }
            return nil
        }
    }
}
