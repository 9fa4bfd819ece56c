import Foundation
import Testing
@testable import OffsideCore

/// The CSV and HTML client reports, from a scan small enough to read.
@Suite struct ClientReportTests {
    static func report(reveal: Bool = false) throws -> ScanReport {
        let lines = [
            ConversationStageTests.client("m1", "=cmd <script>alert(1)</script> add me on whatsapp, \"quick\" chat", minute: 1,
                                          client: "client, \"A\""),
            ConversationStageTests.freelancer("m2", "I prefer to keep everything on the platform, thanks", minute: 2,
                                              client: "client, \"A\""),
            ConversationStageTests.client("m3", "ok then text me: +44 7700 900123 or mail dana.whitfield@gmail.com", minute: 3,
                                          client: "client, \"A\""),
        ]
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = TestSupport.write(Array((lines.joined(separator: "\n") + "\n").utf8), name: "in.jsonl", in: directory)
        let request = ScanRequest(inputs: [InputFile(path: input)], pipeline: PipelineOptions(threads: 1), reveal: reveal)
        return try ScanRun.run(request, compiled: TestSupport.defaultPack).report
    }

    @Test func csvHasOneQuotedRowPerClient() throws {
        let report = try Self.report()
        let row = CSVReport.row(CSVReport.fields(try #require(report.clients.first), rank: 1))
        #expect(row.hasPrefix("1,\"client, \"\"A\"\"\","))
        #expect(row.hasSuffix("\r\n"))
        #expect(CSVReport.row(["=SUM(A1)", "-3", "plain"]) == "'=SUM(A1),-3,plain\r\n")
    }

    @Test func htmlIsSelfContainedEscapedAndRedacted() throws {
        let html = HTMLReport.render(try Self.report())
        #expect(html.contains("<table id=\"clients\""))
        #expect(html.components(separatedBy: "class=\"client-row\"").count == 2)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("dana.whitfield@gmail.com") && !html.contains("7700 900123"))
        #expect(html.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression) == nil)
        #expect(html.contains("initiated by client"))
        #expect(html.contains("Freelancers' refusals"))
        let revealed = HTMLReport.render(try Self.report(reveal: true))
        #expect(revealed.contains("dana.whitfield@gmail.com"))
    }

    @Test func excerptsAroundAFindingHideOtherDetails() {
        #expect(Redactor.scrub("call +44 7700 900123 or") == "call +44 7*** 9***** or")
        #expect(Redactor.scrub("mail dana@gmail.com now") == "mail d***@*****.*** now")
        #expect(Redactor.scrub("pay is $90/h, see t.me/dana") == "pay is $90/h, see t.**/****")
        #expect(Redactor.scrub("milestone 3 of 5") == "milestone 3 of 5")
    }

    @Test func scrubOnASCIIBytesMatchesTheCharacterRules() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "Z", "7", "0", "12", "@", "/", ".", " ", " ", "-", "(", ")", "*", "+", "t.me", "\r\n", "x9", "mail", ",", "$"]
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...16, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Redactor.scrub(text) == Redactor.scrubCharacters(text), "\(text)")
        }
        // Non-ASCII text keeps the Unicode rules: Arabic-Indic digits are digits.
        #expect(Redactor.scrub("رقم ٠١٢٣٤٥٦٧ ok") == Redactor.scrubCharacters("رقم ٠١٢٣٤٥٦٧ ok"))
        #expect(Redactor.scrub("café 4155550199") == "café 4*********")
    }
}
