import Foundation

/// Runs the repository's helper scripts (`scripts/…`) from tests, such as the Python checks
/// that hold Lango's output against implementations that are not ours.
///
/// A missing interpreter or script makes the call throw or the script fail; nothing is skipped.
public enum RepositoryScript {
    /// The repository's root: this file is `Sources/LangoScriptTesting/RepositoryScript.swift`.
    public static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What a run printed and how it ended.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: String
        public let errors: String
    }

    /// The path of `scripts/<name>`.
    public static func path(_ name: String) -> URL {
        root.appendingPathComponent("scripts").appendingPathComponent(name)
    }

    /// Runs `scripts/<name>` with `python3`, `input` on its standard input. Input and standard
    /// error go through files, so neither side can block on a full pipe.
    public static func runPython(_ name: String, arguments: [String] = [], input: Data) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lango-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputFile = scratch.appendingPathComponent("input")
        let errorFile = scratch.appendingPathComponent("errors")
        try input.write(to: inputFile)
        try Data().write(to: errorFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path(name).path] + arguments
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self),
            errors: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
    }
}
