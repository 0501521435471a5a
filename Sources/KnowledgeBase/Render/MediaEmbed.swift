/// `![[file]]` of a file that is not a note, shown the way its extension says, as Obsidian does:
/// images (`|300` sets the width, `|300x200` both sides, other text is the alt text), audio and
/// video with the browser's controls, PDF in the browser's viewer.
struct MediaEmbed {
    enum Kind { case image, audio, video, pdf }

    var kind: Kind
    var name: String
    var label: String?
    var fragment: String?

    static let extensions: [String: Kind] = [
        "png": .image, "jpg": .image, "jpeg": .image, "gif": .image, "webp": .image, "svg": .image,
        "avif": .image, "bmp": .image,
        "mp3": .audio, "wav": .audio, "m4a": .audio, "ogg": .audio, "oga": .audio, "flac": .audio, "3gp": .audio,
        "mp4": .video, "webm": .video, "ogv": .video, "mov": .video, "mkv": .video,
        "pdf": .pdf,
    ]

    /// Nil for a file no browser shows inline: it is linked.
    init?(path: String, label: String?, fragment: String?) {
        let name = String(path.split(separator: "/").last ?? "")
        guard let dot = name.lastIndex(of: "."),
            let kind = Self.extensions[name[name.index(after: dot)...].lowercased()]
        else { return nil }
        self.kind = kind
        self.name = name
        self.label = label
        self.fragment = fragment
    }

    func html(src: String) -> String {
        let src = src.htmlEscaped
        switch kind {
        case .image:
            var attributes = ""
            var alt = name
            if let label {
                let sides = label.split(separator: "x", maxSplits: 1)
                if (1...2).contains(sides.count), sides.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) {
                    attributes += " width=\"\(sides[0])\""
                    if sides.count == 2 { attributes += " height=\"\(sides[1])\"" }
                } else {
                    alt = label
                }
            }
            return "<img src=\"\(src)\" alt=\"\(alt.htmlEscaped)\"\(attributes) loading=\"lazy\">"
        case .audio:
            return "<audio class=\"embed-audio\" controls preload=\"metadata\" src=\"\(src)\"></audio>"
        case .video:
            return "<video class=\"embed-video\" controls preload=\"metadata\" src=\"\(src)\"></video>"
        case .pdf:
            // `![[a.pdf#page=3]]` opens at that page in the browser's viewer.
            let page = fragment.map { "#" + $0 } ?? ""
            return "<object class=\"embed-pdf\" type=\"application/pdf\" data=\"\(src)\(page.htmlEscaped)\">"
                + "<a href=\"\(src)\">\((label ?? name).htmlEscaped)</a></object>"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
