import Foundation
import Testing

/// `kb serve` on loopback in a child process, for what a process cannot test on itself: serving
/// under a lowered open-file limit, and its own memory (the tests' process runs other suites at
/// the same time). The binary is `$KB`, or the `kb` built beside the tests.
final class ServeProcess {
    let process = Process()
    private(set) var port: UInt16 = 0
    private let log: URL

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["KB"] {
            return URL(fileURLWithPath: path, relativeTo: Workspace.repository)
        }
        return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("kb")
    }

    /// Starts it on the workspace with `arguments` added, under an open-file limit of
    /// `openFiles` (hard and soft) if given, and waits up to a minute for it to listen.
    static func start(_ workspace: Workspace, openFiles: Int? = nil, arguments: [String] = []) async throws
        -> ServeProcess
    {
        let serve = try ServeProcess(workspace, openFiles: openFiles, arguments: arguments)
        let deadline = ContinuousClock.now + .seconds(60)
        while serve.port == 0 && serve.process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            let text = Self.read(serve.log)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Serving http://127.0.0.1:") }) {
                serve.port = UInt16(line.dropFirst("Serving http://127.0.0.1:".count).prefix { $0.isNumber }) ?? 0
            }
        }
        guard serve.port != 0 else {
            throw LoopbackConnection.Failure(description: "kb serve did not start: \(Self.read(serve.log))")
        }
        return serve
    }

    private init(_ workspace: Workspace, openFiles: Int?, arguments: [String]) throws {
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw LoopbackConnection.Failure(description: "no kb at \(binary.path): build it first, or set KB")
        }
        log = workspace.folder.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let command =
            [
                binary.path, "serve", "--content", workspace.content.path, "--templates",
                workspace.options.templates.path,
                "--output", workspace.output.path, "--host", "127.0.0.1", "--port", "0", "--quiet",
            ] + arguments
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // sh's ulimit sets both limits, so that kb cannot raise the soft one past the test's.
        process.arguments = ["-c", (openFiles.map { "ulimit -n \($0) && " } ?? "") + "exec \"$@\"", "sh"] + command
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    var pid: Int32 { process.processIdentifier }

    /// A line of /proc/<pid>/status or /proc/<pid>/limits that begins with `key`.
    func proc(_ file: String, _ key: String) -> String? {
        Self.read(URL(fileURLWithPath: "/proc/\(pid)/\(file)")).split(separator: "\n")
            .first { $0.hasPrefix(key) }.map(String.init)
    }

    /// Resident memory, in kB.
    var residentKilobytes: Int? {
        proc("status", "VmRSS:")?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? 0
    }

    private static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
