import Testing
@testable import OffsideCore

@Suite struct JSONRecordParserTests {
    /// Parses one line and returns the decoded text and fields as strings.
    func parse(_ line: String, fields: FieldNames = FieldNames()) throws(RecordError) -> (RecordFields, (ByteRef) -> String?) {
        let arena = GrowableBuffer<UInt8>()
        let bytes = Array(line.utf8)
        let parser = JSONRecordParser(fieldNames: fields)
        let record = try bytes.withUnsafeBytes { raw in
            Result { () throws(RecordError) in try parser.parse(line: raw, lineOffset: 0, arena: arena) }
        }.get()
        let resolve: (ByteRef) -> String? = { ref in
            if ref.isAbsent { return nil }
            if ref.inArena { return String(decoding: UnsafeRawBufferPointer(start: arena.base + Int(ref.offset), count: Int(ref.count)), as: UTF8.self) }
            return String(decoding: bytes[Int(ref.offset)..<Int(ref.offset + ref.count)], as: UTF8.self)
        }
        return (record, resolve)
    }

    let base = #""id":"m1","conversation_id":"c1","sender_id":"u1","sender_role":"client""#

    @Test(arguments: [
        (#"plain"#, "plain"),
        (#"q\"uote"#, "q\"uote"),
        (#"back\\slash"#, "back\\slash"),
        (#"sl\/ash"#, "sl/ash"),
        (#"\b\f\n\r\t"#, "\u{08}\u{0C}\n\r\t"),
        (#"caf\u00e9"#, "café"),
        (#"\u00E9\u20AC"#, "é€"),
        (#"grin \ud83d\ude00"#, "grin 😀"),
        (#"lone \ud83d!"#, "lone \u{FFFD}!"),
        (#"low \ude00"#, "low \u{FFFD}"),
        (#"nul\u0000"#, "nul\u{0}"),
        (#"mixed ü and \u00fc"#, "mixed ü and ü"),
    ])
    func decodesEveryStringEscape(raw: String, expected: String) throws {
        let (record, resolve) = try parse("{\(base),\"text\":\"\(raw)\"}")
        #expect(resolve(record.text) == expected)
    }

    @Test func fieldsInAnyOrderWithUnknownAndNestedValuesSkipped() throws {
        let line = #"{"text":"hello","meta":{"a":[1,2,{"b":"}"}],"c":null},"ts":1763630043000,"contract":"active","#
            + #""sender_role":"freelancer","flag":true,"n":-1.5e3,"recipient_id":"u2","sender_id":"u1","conversation_id":"c9","id":"m7"}"#
        let (record, resolve) = try parse(line)
        #expect(resolve(record.text) == "hello")
        #expect(resolve(record.id) == "m7")
        #expect(resolve(record.conversationID) == "c9")
        #expect(resolve(record.senderID) == "u1")
        #expect(resolve(record.recipientID) == "u2")
        #expect(record.role == .freelancer)
        #expect(record.contract == .active)
        #expect(record.timestampMillis == 1_763_630_043_000)
    }

    @Test func rfc3339TimestampsParse() throws {
        let (utc, _) = try parse("{\(base),\"ts\":\"2026-11-20T09:14:03Z\",\"text\":\"x\"}")
        #expect(utc.timestampMillis == 1_795_166_043_000)
        let (offset, _) = try parse("{\(base),\"ts\":\"2026-11-20T10:14:03.250+01:00\",\"text\":\"x\"}")
        #expect(offset.timestampMillis == 1_795_166_043_250)
        #expect(Timestamp.formatRFC3339(millis: 1_795_166_043_250) == "2026-11-20T09:14:03.250Z")
        #expect(Timestamp.formatRFC3339(millis: 1_795_166_043_000) == "2026-11-20T09:14:03Z")
        #expect(Timestamp.formatRFC3339(millis: -1) == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp.isCanonical("2026-11-20T09:14:03.250Z", millis: 1_795_166_043_250))
        #expect(!Timestamp.isCanonical("2026-11-20T09:14:03.25Z", millis: 1_795_166_043_250))
        #expect(!Timestamp.isCanonical("2026-11-20T10:14:03.250+01:00", millis: 1_795_166_043_250))
    }

    @Test func escapedKeysAreMatched() throws {
        let (record, resolve) = try parse(#"{"\u0074ext":"hi","id":"m","conversation_id":"c","sender_id":"s","sender_role":"client"}"#)
        #expect(resolve(record.text) == "hi")
    }

    @Test func fieldMappingReadsOtherKeys() throws {
        let names = try FieldNames(mappings: ["text=body", "sender_id=author"])
        let (record, resolve) = try parse(#"{"id":"m","conversation_id":"c","author":"a1","sender_role":"client","body":"mapped","text":"ignored"}"#, fields: names)
        #expect(resolve(record.text) == "mapped")
        #expect(resolve(record.senderID) == "a1")
        #expect(throws: FieldMappingError.self) { try FieldNames(mappings: ["txt=body"]) }
        #expect(throws: FieldMappingError.self) { try FieldNames(mappings: ["text"]) }
    }

    @Test(arguments: [
        ("not json", "line is not a JSON object"),
        ("[1,2]", "line is not a JSON object"),
        (#"{"id":"m1","text":"unterminated}"#, "unterminated string"),
        (#"{"id" "m1","text":"x"}"#, "expected ':' after a key"),
        (#"{"id":"m1" "text":"x"}"#, "expected ',' or '}' after a value"),
        (#"{"id":"m1","text":"x"} trailing"#, "unexpected bytes after the JSON object"),
        (#"{"id":"m1","text":"bad \q escape","conversation_id":"c","sender_id":"s","sender_role":"client"}"#, "invalid escape in a string"),
        (#"{"id":"m1","text":"\u12G4","conversation_id":"c","sender_id":"s","sender_role":"client"}"#, "\\u escape needs four hex digits"),
        (#"{"id":"m1","conversation_id":"c","sender_id":"s","sender_role":"client"}"#, "missing string field text"),
        (#"{"id":"m1","conversation_id":"c","sender_id":"s","sender_role":"client","text":42}"#, "field text is not a string"),
        (#"{"id":"m1","conversation_id":"c","sender_id":"s","sender_role":"admin","text":"x"}"#, "sender_role must be \"client\" or \"freelancer\""),
        (#"{"id":"m1","conversation_id":"c","sender_id":"s","sender_role":"client","text":"x","meta":{"a":[1}"#, "unterminated object or array"),
        (#"{"id":"m1","conversation_id":"c","sender_id":"s","sender_role":"client","text":"x","flag":tru}"#, "expected true, false or null"),
    ])
    func malformedLinesAreNamed(line: String, message: String) {
        do {
            _ = try parse(line)
            Issue.record("expected an error for \(line)")
        } catch {
            #expect(error.message.description == message)
            #expect(error.column >= 1 && error.column <= line.utf8.count + 1)
        }
    }
}
