/// A map keyed by `UInt64`, with open addressing and a multiplicative hash, for the two hottest
/// tables of a build: character pairs in the search index, and (state, character) transitions of
/// the mention automaton. `Dictionary`'s seeded hashing took most of the time there. Each key sits
/// beside its value, so that a lookup costs one cache miss.
struct UInt64Map<Value> {
    /// Never more than half full; an empty slot has no value.
    private var slots = [(key: UInt64, value: Value?)](repeating: (0, nil), count: 16)
    private(set) var count = 0

    init() {}

    /// Room for `count` keys without growing: each growth moves every entry again.
    init(minimumCapacity count: Int) {
        var slots = 16
        while slots < count * 2 { slots *= 2 }
        self.slots = Array(repeating: (0, nil), count: slots)
    }

    /// Every entry, in slot order: the same for the same insertions.
    var elements: some Sequence<(key: UInt64, value: Value)> {
        slots.lazy.compactMap { slot in slot.value.map { (slot.key, $0) } }
    }

    subscript(key: UInt64) -> Value? {
        slots[locate(key)].value
    }

    /// Changes the value of `key`, adding it with `initial` first when it is new.
    mutating func update(_ key: UInt64, initial: @autoclosure () -> Value, _ change: (inout Value) -> Void) {
        let slot = locate(key)
        if slots[slot].value != nil {
            change(&slots[slot].value!)
            return
        }
        var value = initial()
        change(&value)
        slots[slot] = (key, value)
        count += 1
        if count * 2 > slots.count { grow() }
    }

    mutating func updateAll(_ change: (inout Value) -> Void) {
        for slot in slots.indices where slots[slot].value != nil { change(&slots[slot].value!) }
    }

    /// The slot holding `key`, or the empty one where it would go.
    private func locate(_ key: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Self.hash(key) & mask
        while slots[slot].value != nil && slots[slot].key != key { slot = (slot + 1) & mask }
        return slot
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: (0, nil), count: old.count * 2)
        for entry in old where entry.value != nil { slots[locate(entry.key)] = entry }
    }

    private static func hash(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }
}

extension UInt64Map: Sendable where Value: Sendable {}
