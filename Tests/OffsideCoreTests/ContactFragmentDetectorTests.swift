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
        #expect(kind("rest is 50142") == .digits)
        #expect(kind("last digits 0199") == .digits)
        #expect(kind("first part: +1 64655") == .digits)
        #expect(piece("and then 50142")?.range == 9..<14)
    }

    @Test func piecesOfAnAddress() {
        #expect(kind("john.keller@") == .emailHead)
        #expect(kind("or just write me: john.keller") == .emailHead)
        #expect(kind("my email is maria") == .emailHead)
        #expect(kind("@gmail.com") == .emailTail)
        #expect(kind("ossi@outlook.com") == .emailTail)
        #expect(piece("...@gmail.com")?.range == 3..<13)
        #expect(piece("and the domain is @studio.net")?.range == 18..<29)
        #expect(kind("and the domain is @studio.net")  == .emailTail)
    }

    @Test func ordinaryShortMessagesAreNotPieces() {
        #expect(kind("$150") == nil)
        #expect(kind("v2") == nil)
        #expect(kind("Order 12345 shipped") == nil)
        #expect(kind("deadline is friday") == nil)
        #expect(kind("ok, 10") == nil)
        #expect(kind("thanks!") == nil)
        // A continuation word far from the number, or a handle after a lead
        // that carries nothing on, is not a piece.
        #expect(kind("then we can talk about the budget, maybe 2500") == nil)
        #expect(kind("my insta is @oli.design") == nil)
        #expect(kind(String(repeating: "long message ", count: 8) + "555 0199") == nil)
    }
}
