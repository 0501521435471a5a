import Foundation

/// Serves the output folder as a static server would, plus the reload script and its events.
///
/// Paths are checked before any file is touched: no `..` or `.` segment, no encoded slash or
/// backslash, no NUL, and the file found must still lie inside the folder once links are
/// resolved. A folder named without its trailing slash is redirected to it, so that the relative
/// links of its `index.html` work. HTML pages get the reload script before `</body>`; the files
/// on disk never do.
public struct StaticFiles: Sendable {
    public let root: URL
    let events: ReloadEvents

    public init(root: URL, events: ReloadEvents) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.events = events
    }

    static let reloadPath = "/__kb/reload.js"
    static let eventsPath = "/__kb/events"

    /// What a path names: a file, a folder named without its trailing slash, or nothing allowed.
    enum Target: Equatable {
        case file(URL)
        case folder(redirect: String)
        case refused
    }

    public func handleRequest(_ request: HTTPRequest) async -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(.methodNotAllowed, headers: [HTTPHeader("Allow", "GET, HEAD")])
        }
        let rawPath = request.path
        if rawPath == Self.eventsPath {
            let headers = [
                HTTPHeader("Content-Type", "text/event-stream; charset=utf-8"), HTTPHeader("Cache-Control", "no-store"),
            ]
            // HEAD sends no body: subscribing would only add a listener nobody reads.
            guard request.method == "GET" else { return HTTPResponse(status: .ok, headers: headers) }
            return HTTPResponse(status: .ok, headers: headers, body: .stream(await events.subscribe()))
        }
        if rawPath == Self.reloadPath {
            return respond(.ok, type: "text/javascript; charset=utf-8", body: Array(Self.reloadScript.utf8))
        }
        switch resolve(rawPath) {
        case .refused:
            return respond(.forbidden, type: "text/plain; charset=utf-8", body: Array("forbidden\n".utf8))
        case .folder(let location):
            let target = request.query.isEmpty ? location : location + "?" + request.query
            return .text(.movedPermanently, headers: [HTTPHeader("Location", target)])
        case .file(let file):
            if let data = FileManager.default.contents(atPath: file.path) {
                return respond(.ok, type: Self.contentType(of: file), body: inject([UInt8](data), file: file))
            }
            let notFound = root.appendingPathComponent("404.html")
            let page =
                FileManager.default.contents(atPath: notFound.path).map { [UInt8]($0) } ?? Array("not found\n".utf8)
            return respond(.notFound, type: "text/html; charset=utf-8", body: inject(page, file: notFound))
        }
    }

    /// What a URL path names; `.refused` when the path tries to leave the folder.
    func resolve(_ rawPath: String) -> Target {
        let lowered = rawPath.lowercased()
        guard !lowered.contains("%2f"), !lowered.contains("%5c"), !lowered.contains("%00"), !rawPath.contains("\\"),
            let decoded = rawPath.removingPercentEncoding
        else { return .refused }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") }) else { return .refused }
        var url = segments.reduce(root) { $0.appendingPathComponent(String($1)) }
        var isDirectory: ObjCBool = false
        let isFolder =
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        if isFolder { url.appendPathComponent("index.html") }
        let real = url.resolvingSymlinksInPath().path
        guard real == root.path || real.hasPrefix(root.path + "/") else { return .refused }
        if isFolder && !rawPath.hasSuffix("/") {
            // Built from the segments, not the raw path, so that `//host` cannot become a
            // redirect to another site.
            let encoded = rawPath.split(separator: "/", omittingEmptySubsequences: true)
            return .folder(redirect: "/" + encoded.joined(separator: "/") + "/")
        }
        return .file(url)
    }

    private func respond(_ status: HTTPStatus, type: String, body: [UInt8]) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [HTTPHeader("Content-Type", type), HTTPHeader("Cache-Control", "no-cache")],
            body: .bytes(body))
    }

    /// The page with the reload script before its last `</body>`, found in the bytes whatever
    /// their encoding (a Latin-1 page or a binary asset named `.html` stays as it is), or at the
    /// end when there is none.
    func inject(_ bytes: [UInt8], file: URL) -> [UInt8] {
        guard file.pathExtension == "html" else { return bytes }
        let tag = Array("<script src=\"\(Self.reloadPath)\"></script>\n".utf8)
        var page = bytes
        page.insert(contentsOf: tag, at: Self.lastBodyEnd(in: bytes) ?? bytes.endIndex)
        return page
    }

    /// Where the last `</body>` begins, in any case.
    static func lastBodyEnd(in bytes: [UInt8]) -> Int? {
        let close = Array("</body>".utf8)
        guard bytes.count >= close.count else { return nil }
        for start in stride(from: bytes.count - close.count, through: 0, by: -1)
        where zip(bytes[start...], close).allSatisfy({ byte, expected in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 == expected : byte == expected
        }) {
            return start
        }
        return nil
    }

    static func contentType(of file: URL) -> String {
        switch file.pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "xml": "application/xml; charset=utf-8"
        case "svg": "image/svg+xml; charset=utf-8"
        case "txt", "md": "text/plain; charset=utf-8"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "avif": "image/avif"
        case "ico": "image/x-icon"
        case "pdf": "application/pdf"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }

    /// Reloads the page after each successful build; shows the diagnostics of a failed one over
    /// the page, which keeps showing the last good site.
    static let reloadScript = """
        (function () {
          'use strict';
          var seen = null;
          var events = new EventSource('\(eventsPath)');
          events.addEventListener('state', function (event) {
            var state = JSON.parse(event.data);
            if (seen !== null && state.generation !== seen && state.errors.length === 0) { location.reload(); return; }
            seen = state.generation;
            var overlay = document.getElementById('kb-errors');
            if (!state.errors.length) { if (overlay) overlay.remove(); return; }
            if (!overlay) {
              overlay = document.createElement('pre');
              overlay.id = 'kb-errors';
              overlay.setAttribute('role', 'alert');
              overlay.style.cssText = 'position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:50vh;overflow:auto;' +
                'margin:0;padding:1rem;background:#2b0d0d;color:#ffd7d7;font:13px/1.5 ui-monospace,monospace;' +
                'border-radius:8px;z-index:99999;white-space:pre-wrap;box-shadow:0 8px 30px rgba(0,0,0,.4)';
              document.body.appendChild(overlay);
            }
            overlay.textContent = state.heading + '\\n\\n' + state.errors.join('\\n');
          });
        })();
        """
}
