extension String {
    /// Escaped for HTML text and for double-quoted attribute values.
    public var htmlEscaped: String {
        guard self.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 16)
        for character in self.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
