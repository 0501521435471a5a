import FlyingFox
import Foundation

/// Serves the output folder as a static server would, plus the reload script and its events.
///
/// Paths are checked before any file is touched: no `..` or `.` segment, no encoded slash or
/// backslash, no NUL, and the file found must still lie inside the folder once links are
/// resolved. HTML pages get the reload script before `</body>`; the files on disk never do.
public struct StaticFiles: HTTPHandler {
    public let root: URL
    let events: ReloadEvents

    public init(root: URL, events: ReloadEvents) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.events = events
    }

    static let reloadPath = "/__kb/reload.js"
    static let eventsPath = "/__kb/events"

    public func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: [.init("Allow"): "GET, HEAD"])
        }
        let rawPath = request.target.path(percentEncoded: true)
        if rawPath == Self.eventsPath {
            let body = HTTPBodySequence(from: EventStream(chunks: await events.subscribe()))
            return HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
        }
        if rawPath == Self.reloadPath {
            return respond(
                request, status: .ok, type: "text/javascript; charset=utf-8", body: Data(Self.reloadScript.utf8))
        }
        guard let file = resolve(rawPath) else {
            return respond(
                request, status: .forbidden, type: "text/plain; charset=utf-8", body: Data("forbidden\n".utf8))
        }
        if let data = FileManager.default.contents(atPath: file.path) {
            return respond(request, status: .ok, type: Self.contentType(of: file), body: inject(data, file: file))
        }
        let notFound = root.appendingPathComponent("404.html")
        let page = FileManager.default.contents(atPath: notFound.path) ?? Data("not found\n".utf8)
        return respond(request, status: .notFound, type: "text/html; charset=utf-8", body: inject(page, file: notFound))
    }

    /// The file a URL path names, or nil when the path tries to leave the folder.
    func resolve(_ rawPath: String) -> URL? {
        let lowered = rawPath.lowercased()
        guard !lowered.contains("%2f"), !lowered.contains("%5c"), !lowered.contains("%00"), !rawPath.contains("\\"),
            let decoded = rawPath.removingPercentEncoding
        else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") }) else { return nil }
        var url = segments.reduce(root) { $0.appendingPathComponent(String($1)) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            url.appendPathComponent("index.html")
        }
        let real = url.resolvingSymlinksInPath().path
        guard real == root.path || real.hasPrefix(root.path + "/") else { return nil }
        return url
    }

    private func respond(_ request: HTTPRequest, status: HTTPStatusCode, type: String, body: Data) -> HTTPResponse {
        var headers: HTTPHeaders = [.contentType: type, .cacheControl: "no-cache"]
        if request.method == .HEAD {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    private func inject(_ data: Data, file: URL) -> Data {
        guard file.pathExtension == "html" else { return data }
        var html = String(decoding: data, as: UTF8.self)
        let tag = "<script src=\"\(Self.reloadPath)\"></script>\n"
        if let end = html.range(of: "</body>", options: .backwards) {
            html.insert(contentsOf: tag, at: end.lowerBound)
        } else {
            html += tag
        }
        return Data(html.utf8)
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
            overlay.textContent = 'kb: the build failed; this is the last good site.\\n\\n' + state.errors.join('\\n');
          });
        })();
        """
}
