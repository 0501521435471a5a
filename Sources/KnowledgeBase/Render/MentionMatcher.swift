/// Finds plain mentions of note names in text: one Aho–Corasick automaton over every name, one
/// pass over each text, so the cost grows with the text and not with notes × names.
///
/// Chinese has no spaces, so names match by characters; a name that starts or ends with a Latin
/// letter or digit must stand as a whole word there. Matching ignores case and full-width forms.
/// Where names overlap, the leftmost and then the longest wins (`阿里云智能集团` before `阿里云`
/// before `阿里`). Blocking words (site `mention_exclusions`, note `no_mentions`) take part in the
/// matching like names but link nowhere, so `阿里` is not linked inside a blocked `阿里巴巴`.
public struct MentionMatcher: Sendable {
    public struct Match: Sendable, Equatable {
        /// Offsets in Unicode scalars.
        public var range: Range<Int>
        public var target: Int
    }

    /// A pattern's target; `blocked` for words that stop matches without linking.
    static let blocked = -1

    /// Used while building only; the tables below answer from then on.
    private var transitions: [[UInt32: Int32]] = [[:]]
    /// A transition as the matcher's inner loop needs it: the next state and the first state on
    /// its chain with an output (-1 for none), in one place, because the time of a lookup is the
    /// cache misses it takes.
    private struct Step {
        var state: Int32
        var emitting: Int32
    }
    /// The root's transitions for the Basic Multilingual Plane as a flat table: most characters
    /// of a text start no name, and this answers them without hashing.
    private var rootTable: [Step] = []
    /// Every other transition in one table keyed by state and character: the matcher's inner
    /// loop, where a `Dictionary` per state spent most of its time hashing.
    private var table = UInt64Map<Step>()
    /// Past a name's first characters nearly every state has one transition or none: those are
    /// answered from this array, indexed by state, and only states with more ask `table`.
    private var single: [Single] = []
    private struct Single {
        /// The character of the one transition; `none` or `several` otherwise.
        var key: UInt32
        var step: Step
        static let none = UInt32.max
        static let several = UInt32.max - 1
    }
    private var hasNames = false
    private var failure: [Int32] = [0]
    /// The longest pattern ending at a state: (length, target), or nil.
    private var output: [(length: Int, target: Int)?] = [nil]
    /// The next state on the failure chain that has an output.
    private var outputLink: [Int32] = [-1]

    /// `names` are (name, target) pairs; names too short to be safe are left out: one CJK
    /// character, or two Latin letters or fewer.
    public init(names: [(name: String, target: Int)], blockedWords: [String] = []) {
        for (name, target) in names where Self.isSafe(name) {
            insert(name, target: target)
        }
        for word in blockedWords where !word.isEmpty {
            insert(word, target: Self.blocked)
        }
        buildFailureLinks()
        func step(_ child: Int32) -> Step {
            Step(state: child, emitting: output[Int(child)] != nil ? child : outputLink[Int(child)])
        }
        rootTable = [Step](repeating: Step(state: 0, emitting: -1), count: 0x10000)
        for (key, child) in transitions[0] where key < 0x10000 {
            rootTable[Int(key)] = step(child)
        }
        single = transitions.enumerated().map { state, edges in
            guard state != 0, edges.count == 1, let (key, child) = edges.first else {
                return Single(key: edges.isEmpty ? Single.none : Single.several, step: Step(state: 0, emitting: -1))
            }
            return Single(key: key, step: step(child))
        }
        for (state, edges) in transitions.enumerated() where state == 0 || edges.count > 1 {
            for (key, child) in edges { table.update(Self.edge(state, key), initial: step(child)) { _ in } }
        }
        hasNames = !transitions[0].isEmpty
        transitions = []
    }

    private func next(_ state: Int, _ key: UInt32) -> Step? {
        if state == 0 && key < 0x10000 {
            let step = rootTable[Int(key)]
            return step.state == 0 ? nil : step
        }
        let only = single[state]
        if only.key == key { return only.step }
        if only.key != Single.several { return nil }
        return table[Self.edge(state, key)]
    }

    private static func edge(_ state: Int, _ key: UInt32) -> UInt64 {
        UInt64(state) << 32 | UInt64(key)
    }

    public static func isSafe(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        let wide = scalars.filter { $0.value >= 0x2E80 }.count
        if wide > 0 { return scalars.count >= 2 }
        return scalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.count >= 3
    }

    private mutating func insert(_ name: String, target: Int) {
        var state = 0
        var length = 0
        for scalar in name.unicodeScalars {
            let key = Self.fold(scalar)
            length += 1
            if let next = transitions[state][key] {
                state = Int(next)
            } else {
                transitions.append([:])
                failure.append(0)
                output.append(nil)
                outputLink.append(-1)
                transitions[state][key] = Int32(transitions.count - 1)
                state = transitions.count - 1
            }
        }
        // The same name twice: the first claim stays (the index has reported the clash).
        if output[state] == nil || output[state]?.target == Self.blocked && target != Self.blocked {
            output[state] = (length, target)
        }
    }

    private mutating func buildFailureLinks() {
        var queue: [Int] = []
        for (_, child) in transitions[0] {
            queue.append(Int(child))
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (key, child) in transitions[state] {
                var fallback = Int(failure[state])
                while fallback != 0 && transitions[fallback][key] == nil {
                    fallback = Int(failure[fallback])
                }
                failure[Int(child)] = transitions[fallback][key] ?? 0
                let linked = Int(failure[Int(child)])
                outputLink[Int(child)] = Int32(output[linked] != nil ? linked : Int(outputLink[linked]))
                queue.append(Int(child))
            }
        }
    }

    static func fold(_ scalar: Unicode.Scalar) -> UInt32 {
        CharacterFolding.fold(scalar).value
    }

    /// Leftmost-longest, non-overlapping matches of names in `scalars`, blocked words removed.
    public func matches(in scalars: [Unicode.Scalar]) -> [Match] {
        guard hasNames else { return [] }
        var candidates: [Match] = []
        var state = 0
        for (offset, scalar) in scalars.enumerated() {
            let key = Self.fold(scalar)
            var step = next(state, key)
            while state != 0 && step == nil {
                state = Int(failure[state])
                step = next(state, key)
            }
            state = Int(step?.state ?? 0)
            var emitting = Int(step?.emitting ?? -1)
            while emitting > 0 {
                if let (length, target) = output[emitting] {
                    let range = (offset + 1 - length)..<(offset + 1)
                    if target == Self.blocked || Self.standsAlone(range, in: scalars) {
                        candidates.append(Match(range: range, target: target))
                    }
                }
                emitting = Int(outputLink[emitting])
            }
        }
        candidates.sort { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }
        var chosen: [Match] = []
        var end = 0
        for candidate in candidates where candidate.range.lowerBound >= end {
            end = candidate.range.upperBound
            if candidate.target != Self.blocked { chosen.append(candidate) }
        }
        return chosen
    }

    /// Latin letters and digits at a match's edge must not run on into the text around it.
    private static func standsAlone(_ range: Range<Int>, in scalars: [Unicode.Scalar]) -> Bool {
        func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            if value < 0x80 { return value &- 0x30 < 10 || (value | 0x20) &- 0x61 < 26 }
            return value < 0x2E80 && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
        }
        if isWordScalar(scalars[range.lowerBound]), range.lowerBound > 0, isWordScalar(scalars[range.lowerBound - 1]) {
            return false
        }
        if isWordScalar(scalars[range.upperBound - 1]), range.upperBound < scalars.count,
            isWordScalar(scalars[range.upperBound])
        {
            return false
        }
        return true
    }
}
