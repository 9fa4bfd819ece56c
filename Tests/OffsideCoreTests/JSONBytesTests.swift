import Foundation
import Testing
@testable import OffsideCore

/// The hand-written JSON of snapshots, reports and findings files writes
/// what the standard library and `JSONText` would.
@Suite struct JSONBytesTests {
    private func written(_ write: (inout JSONBytes) -> Void) -> String {
        var json = JSONBytes(capacity: 16)
        write(&json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    @Test func integersOfEveryLengthAndSign() {
        var values: [Int64] = [0, 7, -7, 10, 99, -100, Int64.max, Int64.min]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power, power + 123_456_789 % power]
        }
        for value in values {
            #expect(written { $0.int(value) } == String(value))
        }
        #expect(written { $0.int(UInt64.max) } == String(UInt64.max))
        #expect(written { $0.int(1_000_000_000_000_000_007 as UInt64) } == "1000000000000000007")
    }

    @Test func stringsAreEscapedOnlyWhenTheyMustBe() {
        let values = ["", "plain", "exactly8", "a longer plain text of many words", "quote \" at 6",
                      "long text with a backslash \\ near its end", "tab\there", "line\u{2028}separator",
                      "caf\u{E9} \u{1F600}", "twelve bytes\n"]
        for value in values {
            #expect(written { $0.string(value) } == JSONText.quoted(value))
        }
    }
}
