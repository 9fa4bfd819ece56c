import Testing
@testable import OffsideCore

/// Which lines lie inside a Markdown code fence.
@Suite struct CodeFenceTests {
    func fenced(_ text: String, at needle: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { CodeFence.isFenced(TestSupport.byteOffset(of: needle, in: text), in: $0) }
    }

    @Test func linesBetweenFencesAreFenced() {
        let text = "Config:\n```env\nADMIN_EMAIL=admin@test.io\n```\nping me at me@mine.dev"
        #expect(fenced(text, at: "admin@test.io"))
        #expect(!fenced(text, at: "me@mine.dev"))       // after the closing fence
        #expect(!fenced(text, at: "Config"))
        #expect(!fenced(text, at: "env"))               // the fence line itself
    }

    @Test func commentLinesInsideAFenceAreTheWritersOwn() {
        let text = "```python\n# maintainer: ping me on telegram @dvolkov_dev\nALERT_TO = \"alerts@example.com\"\n  // or dm me\n```"
        #expect(!fenced(text, at: "telegram"))
        #expect(!fenced(text, at: "dm me"))
        #expect(fenced(text, at: "alerts@"))
    }

    @Test func anOpenFenceRunsToTheEndAndTildesCount() {
        #expect(fenced("seed:\n~~~\nINSERT 'ops@shop.io'", at: "ops@"))
        #expect(!fenced("inline ``` is not a fence line: a@b.io", at: "a@b.io"))
        #expect(!Array("no fence here".utf8).withUnsafeBytes { CodeFence.hasFence(in: $0) })
    }
}
