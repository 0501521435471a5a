/// A map keyed by `UInt64`, with open addressing and a multiplicative hash, for the search index's
/// character pairs: `Dictionary`'s seeded hashing took most of the time there. Entries keep the
/// order they were added in.
struct UInt64Map<Value> {
    private(set) var keys: [UInt64] = []
    private(set) var values: [Value] = []
    /// Positions in `keys`, -1 for none; never more than half full.
    private var slots = [Int32](repeating: -1, count: 16)

    var count: Int { keys.count }

    subscript(key: UInt64) -> Value? {
        locate(key).found.map { values[$0] }
    }

    /// Changes the value of `key`, adding it with `initial` first when it is new.
    mutating func update(_ key: UInt64, initial: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        let (slot, found) = locate(key)
        if let found {
            change(&values[found])
            return
        }
        var value = initial()
        change(&value)
        slots[slot] = Int32(keys.count)
        keys.append(key)
        values.append(value)
        if keys.count * 2 > slots.count { grow() }
    }

    mutating func updateAll(_ change: (inout Value) -> Void) {
        for position in values.indices { change(&values[position]) }
    }

    private func locate(_ key: UInt64) -> (slot: Int, found: Int?) {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while slots[slot] >= 0 {
            let position = Int(slots[slot])
            if keys[position] == key { return (slot, position) }
            slot = (slot + 1) & mask
        }
        return (slot, nil)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (position, key) in keys.enumerated() {
            var slot = Self.hash(key) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position)
        }
    }

    private static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }
}

extension UInt64Map: Sendable where Value: Sendable {}
