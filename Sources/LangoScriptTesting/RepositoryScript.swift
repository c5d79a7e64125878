import Foundation

/// Runs the repository's helper scripts (`scripts/…`) from tests, such as the Python checks
/// that hold Lango's output against implementations that are not ours.
///
/// A missing interpreter or script makes the call throw or the script fail; nothing is skipped.
public enum RepositoryScript {
    /// The repository's root: this file is `Sources/LangoScriptTesting/RepositoryScript.swift`.
    public static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of `scripts/<name>`.
    public static func path(_ name: String) -> URL {
        root.appendingPathComponent("scripts").appendingPathComponent(name)
    }

    /// Runs `scripts/<name>` with `python3`, `input` on its standard input, without holding a
    /// thread while it runs.
    public static func runPython(_ name: String, arguments: [String] = [], input: Data) async throws -> ChildProcess.Outcome {
        try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", path(name).path] + arguments, input: input)
    }
}
