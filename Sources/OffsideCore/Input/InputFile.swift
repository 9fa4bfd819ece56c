import Foundation

/// One input to scan: a file, or standard input.
public struct InputFile: Sendable, Equatable {
    /// The name used in findings, reports and errors (`-` for stdin).
    public let name: String
    /// nil for standard input.
    public let path: String?

    public static let standardInput = InputFile(name: "-", path: nil)

    public init(path: String) {
        self.name = path
        self.path = path
    }

    private init(name: String, path: String?) {
        self.name = name
        self.path = path
    }

    /// File names a directory walk picks up; an explicitly named file is read
    /// whatever its name, and compression is always told by magic bytes.
    static let archiveSuffixes = [".jsonl", ".jsonl.zst", ".ndjson", ".ndjson.zst", ".zst"]

    /// Expands the command-line arguments: `-` is stdin, directories are walked
    /// recursively in sorted order (hidden entries skipped), files are kept.
    /// A path that does not exist is returned as is so that opening it fails
    /// with a clear error while the other inputs are still scanned.
    public static func expand(_ arguments: [String]) -> [InputFile] {
        var result: [InputFile] = []
        for argument in arguments {
            if argument == "-" {
                result.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                result.append(contentsOf: walk(directory: argument))
            } else {
                result.append(InputFile(path: argument))
            }
        }
        return result
    }

    private static func walk(directory: String) -> [InputFile] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else {
            return [InputFile(path: directory)]
        }
        var files: [InputFile] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                files.append(contentsOf: walk(directory: path))
            } else if archiveSuffixes.contains(where: { name.hasSuffix($0) }) {
                files.append(InputFile(path: path))
            }
        }
        return files
    }
}
