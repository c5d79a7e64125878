import Foundation

/// Runs a program to completion without holding a thread while it runs.
///
/// Tests share Swift's small cooperative thread pool (one thread per core). A test that blocked
/// one of those threads on a child process (a browser journey, a Python check) would stall
/// every other test's servers and clients until the child ended. Here the child writes to files
/// and the caller suspends until its termination handler fires. Runs take a place in
/// ``ProcessGate/shared`` for as long as the child runs.
public enum ChildProcess {
    /// What a run printed and how it ended.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: String
        public let errors: String
    }

    /// Runs `executable arguments…` in `directory` with `environment` (this process's when nil),
    /// `input` on its standard input (empty when nil).
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: Data? = nil
    ) async throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lango-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputFile = scratch.appendingPathComponent("input")
        let outputFile = scratch.appendingPathComponent("output")
        let errorFile = scratch.appendingPathComponent("errors")
        try (input ?? Data()).write(to: inputFile)
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let handles = try (
            input: FileHandle(forReadingFrom: inputFile), output: FileHandle(forWritingTo: outputFile),
            errors: FileHandle(forWritingTo: errorFile)
        )
        defer { for handle in [handles.input, handles.output, handles.errors] { try? handle.close() } }
        process.standardInput = handles.input
        process.standardOutput = handles.output
        process.standardError = handles.errors
        try await ProcessGate.shared.run {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (finished: CheckedContinuation<Void, any Error>) in
                    process.terminationHandler = { _ in finished.resume() }
                    do {
                        try process.run()
                    } catch {
                        process.terminationHandler = nil
                        finished.resume(throwing: error)
                    }
                }
            } onCancel: {
                // A cancelled test stops its child; the termination handler then ends the wait.
                if process.isRunning { process.terminate() }
            }
        }
        return Outcome(
            status: process.terminationStatus,
            output: String(decoding: try Data(contentsOf: outputFile), as: UTF8.self),
            errors: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }
}
