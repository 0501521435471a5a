import Foundation

/// KaTeX as Debian installs it (`katex`, `libjs-katex`, `fonts-katex`), run by Node: one process
/// for a whole build (`KaTeXSession`), fed every distinct formula on its standard input. Starting
/// Node and loading KaTeX takes a tenth of a second, a formula a quarter of a millisecond. The same
/// processes highlight fenced code with Debian's highlight.js (`node-highlight.js`), loaded with
/// the first block.
struct KaTeX: Sendable {
    var node: URL?
    /// The `katex` package of Node.
    var module: URL?
    /// `katex.min.css`, beside its `fonts/`.
    var stylesheet: URL?
    /// The `highlight.js` package of Node.
    var highlighter: URL? = nil

    /// Where Debian puts each part; Node is found on the `PATH`.
    static let installed = KaTeX(
        node: executable(named: ["node", "nodejs"]),
        module: existing(["/usr/share/nodejs/katex", "/usr/lib/nodejs/katex"], holding: "package.json"),
        stylesheet: existing(["/usr/share/javascript/katex"], holding: "katex.min.css").map {
            $0.appendingPathComponent("katex.min.css")
        },
        highlighter: existing(
            ["/usr/share/nodejs/highlight.js", "/usr/lib/nodejs/highlight.js"], holding: "package.json"))

    /// What to install when a part is missing; nil when there is everything.
    var missing: String? {
        var packages: [String] = []
        if node == nil { packages.append("nodejs") }
        if module == nil { packages.append("katex") }
        if stylesheet == nil { packages += ["libjs-katex", "fonts-katex"] }
        return packages.isEmpty ? nil : packages.joined(separator: " ")
    }

    /// What to install to highlight code; nil when there is everything.
    var highlighterMissing: String? {
        switch (node, highlighter) {
        case (nil, nil): "nodejs node-highlight.js"
        case (nil, _): "nodejs"
        case (_, nil): "node-highlight.js"
        default: nil
        }
    }

    /// Which Node and KaTeX these are, for the build stamp: installing or upgrading them must build
    /// the site again.
    var identity: String {
        [
            node, module?.appendingPathComponent("package.json"), stylesheet,
            highlighter?.appendingPathComponent("package.json"),
        ].map { url in
            guard let url, let info = try? FileManager.default.attributesOfItem(atPath: url.path) else { return "-" }
            let modified = (info[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(url.path) \(info[.size] as? Int ?? 0) \(modified)"
        }.joined(separator: "\n")
    }

    /// What KaTeX made of a formula.
    enum Outcome: Sendable, Hashable {
        case html(String)
        /// Its message, for a formula it cannot parse.
        case failure(String)
    }

    /// `h` and the HTML, or `e` and the message, backslashes and line ends escaped.
    static func outcome(_ line: ArraySlice<UInt8>) -> Outcome? {
        guard let kind = line.first else { return nil }
        // On a buffer: highlighted code has a `\n` on every line, and taking one byte at a time
        // from the slice was most of reading the answers.
        let string = line.dropFirst().withUnsafeBufferPointer { text -> String in
            guard let base = text.baseAddress, memchr(base, Int32(UInt8(ascii: "\\")), text.count) != nil else {
                return String(decoding: text, as: UTF8.self)
            }
            var unescaped: [UInt8] = []
            unescaped.reserveCapacity(text.count)
            var at = 0
            while at < text.count {
                guard text[at] == UInt8(ascii: "\\"), at + 1 < text.count else {
                    unescaped.append(text[at])
                    at += 1
                    continue
                }
                unescaped.append(text[at + 1] == UInt8(ascii: "n") ? UInt8(ascii: "\n") : text[at + 1])
                at += 2
            }
            return String(decoding: unescaped, as: UTF8.self)
        }
        switch kind {
        case UInt8(ascii: "h"): return .html(string)
        case UInt8(ascii: "e"): return .failure(string)
        default: return nil
        }
    }

    /// Run as `node -e`, so that nothing has to be found beside kb's binary or written anywhere.
    /// Each formula is typeset on its own (macros never leak from one to the next), so the answers
    /// depend on the formula alone. `strict: "ignore"`: Chinese in a formula is not worth a line
    /// on the console for each. A line whose second item is a string is code in that language:
    /// highlight.js answers `e` for a language it does not know. Its version 9 prints an
    /// end-of-life notice on loading, and the console must stay clear for the answers.
    static let script = #"""
        const [katexPath, highlighterPath] = process.argv.slice(1);
        let katexModule, highlighter;
        const katexLoaded = () => (katexModule ??= require(katexPath));
        const highlighterLoaded = () => (highlighter ??= require(highlighterPath));
        console.warn = console.log = console.info = () => {};
        const escape = (text) =>
          /[\\\n\r]/.test(text) ? text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "") : text;
        let out = "";
        const highlight = (code, language) => {
          const hljs = highlighterLoaded();
          return hljs.getLanguage(language) ? "h" + escape(hljs.highlight(language, code, true).value) : "eunknown language";
        };
        const typeset = (tex, displayMode) => {
          const katex = katexLoaded();
          try {
            return "h" + escape(katex.renderToString(tex, { displayMode, throwOnError: true, output: "html", strict: "ignore" }));
          } catch (error) {
            const message = error instanceof katex.ParseError ? error.message : String(error);
            return "e" + escape(message.replace(/^KaTeX parse error: /, "").replace(/(at position \d+):[\s\S]*$/, "$1"));
          }
        };
        require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
          const [text, mode] = JSON.parse(line);
          try {
            out += typeof mode === "string" ? highlight(text, mode) : typeset(text, mode);
          } catch (error) {
            out += "e" + escape(String(error));
          }
          out += "\n";
          if (out.length >= 65536) { process.stdout.write(out); out = ""; }
        }).on("close", () => process.stdout.write(out));
        """#

    private static func executable(named names: [String]) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") where !folder.isEmpty {
                let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    private static func existing(_ folders: [String], holding file: String) -> URL? {
        folders.map { URL(fileURLWithPath: $0) }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent(file).path)
        }
    }
}
