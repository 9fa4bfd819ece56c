import Foundation

/// One message of a labelled set (`Data/eval/README.md`): the input record
/// plus the categories it contains, how it is disguised, and whether it was
/// written to tempt the detector.
public struct LabelledMessage: Sendable {
    public var id: String
    public var labels: Set<Category>
    public var obfuscation: [String]
    public var hardNegative: Bool
    public var language: String
    public var text: String
}

/// Reads labelled sets (JSON Lines, plain or zstd): the labels only; the
/// messages themselves go through the normal scan pipeline.
///
/// Threading: stateless; safe from any thread.
public enum LabelledSetReader {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ input: InputFile) throws -> [LabelledMessage] {
        let data = try ArchiveReader.readWhole(input)
        var messages: [LabelledMessage] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            let place = "\(input.name):\(lineNumber)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw Failure(description: "\(place): not a JSON object")
            }
            guard let id = object["id"] as? String else { throw Failure(description: "\(place): missing \"id\"") }
            guard let labelNames = object["labels"] as? [String] else {
                throw Failure(description: "\(place): missing \"labels\" (a list of categories, [] for none)")
            }
            var labels = Set<Category>()
            for name in labelNames {
                guard let category = Category(rawValue: name) else {
                    throw Failure(description: "\(place): unknown category \"\(name)\" in labels")
                }
                labels.insert(category)
            }
            messages.append(LabelledMessage(id: id, labels: labels, obfuscation: object["obfuscation"] as? [String] ?? [],
                                            hardNegative: object["hard_negative"] as? Bool ?? false,
                                            language: object["lang"] as? String ?? "?", text: object["text"] as? String ?? ""))
        }
        return messages
    }
}
