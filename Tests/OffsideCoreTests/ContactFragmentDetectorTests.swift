import Testing
@testable import OffsideCore

@Suite struct ContactFragmentDetectorTests {
    func piece(_ text: String) -> ContactFragmentDetector.Piece? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { ContactFragmentDetector.detect(UnsafeRawBufferPointer($0)) }
    }

    func kind(_ text: String) -> ContactFragmentDetector.Kind? { piece(text)?.kind }

    @Test func piecesOfANumber() {
        #expect(kind("my number:") == .cue)
        #expect(piece("my number:")?.phoneCue == true)
        #expect(kind("+1 415") == .digits)
        #expect(kind("555 0199") == .digits)
        #expect(kind("call me on 0171") == .digits)
        #expect(kind("+44") == .digits)
    }

    @Test func piecesOfAnAddress() {
        #expect(kind("john.keller@") == .emailHead)
        #expect(kind("or just write me: john.keller") == .emailHead)
        #expect(kind("my email is maria") == .emailHead)
        #expect(kind("@gmail.com") == .emailTail)
        #expect(kind("ossi@outlook.com") == .emailTail)
        #expect(piece("...@gmail.com")?.range == 3..<13)
    }

    @Test func ordinaryShortMessagesAreNotPieces() {
        #expect(kind("$150") == nil)
        #expect(kind("v2") == nil)
        #expect(kind("Order 12345 shipped") == nil)
        #expect(kind("deadline is friday") == nil)
        #expect(kind("ok, 10") == nil)
        #expect(kind("thanks!") == nil)
        #expect(kind(String(repeating: "long message ", count: 8) + "555 0199") == nil)
    }
}
