import Foundation

/// What a labelled conversation set expects (`Data/eval/*.expected.jsonl`):
/// per conversation its initiator, per client its level, each with a note.
public struct ConversationExpectations: Sendable {
    public struct Expectation: Sendable {
        public var value: String
        public var note: String
    }

    /// Conversation id → "client" | "freelancer" | "none".
    public var initiators: [String: Expectation] = [:]
    /// Client id → "none" | "low" | "medium" | "high".
    public var levels: [String: Expectation] = [:]

    public static let levelNames = ["none", "low", "medium", "high"]

    public static func read(path: String) throws -> ConversationExpectations {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LabelledSetReader.Failure(description: "cannot read expectations \(path): \((error as NSError).localizedDescription)")
        }
        var out = ConversationExpectations()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            let place = "\(path):\(index + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw LabelledSetReader.Failure(description: "\(place): not a JSON object")
            }
            let note = object["note"] as? String ?? ""
            if let conversation = object["conversation_id"] as? String {
                guard let initiator = object["initiator"] as? String, ["client", "freelancer", "none"].contains(initiator) else {
                    throw LabelledSetReader.Failure(description: "\(place): \"initiator\" must be client, freelancer or none")
                }
                out.initiators[conversation] = Expectation(value: initiator, note: note)
            } else if let client = object["client_id"] as? String {
                guard let level = object["level"] as? String, levelNames.contains(level) else {
                    throw LabelledSetReader.Failure(description: "\(place): \"level\" must be none, low, medium or high")
                }
                out.levels[client] = Expectation(value: level, note: note)
            } else {
                throw LabelledSetReader.Failure(description: "\(place): needs \"conversation_id\" or \"client_id\"")
            }
        }
        return out
    }
}
