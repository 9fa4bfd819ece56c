/// Wallet addresses confirmed by their own checksums, so a random 34-letter
/// token or a hex hash is not reported as a wallet: Bitcoin base58check
/// (P2PKH `1…`, P2SH `3…`) and bech32/bech32m (`bc1…`), Ethereum with the
/// EIP-55 case checksum when the address is mixed-case, TRON base58check with
/// version byte 0x41.
///
/// These read the original text: base58 and EIP-55 are case-sensitive.
///
/// Threading: stateless; safe from any thread.
enum CryptoAddressValidators {
    private static let base58Alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let base58Values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in base58Alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()
    private static let bech32Alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let bech32Values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (i, c) in bech32Alphabet.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    static func bitcoin(_ span: UnsafeRawBufferPointer) -> Bool {
        guard let first = span.first else { return false }
        if first == UInt8(ascii: "1") || first == UInt8(ascii: "3") {
            guard (26...35).contains(span.count), let payload = base58Check(span) else { return false }
            return payload.count == 21 && (payload[0] == 0x00 || payload[0] == 0x05)
        }
        return bech32Segwit(span)
    }

    static func tron(_ span: UnsafeRawBufferPointer) -> Bool {
        guard span.count == 34, span.first == UInt8(ascii: "T"), let payload = base58Check(span) else { return false }
        return payload.count == 21 && payload[0] == 0x41
    }

    /// `0x` + 40 hex digits; if letters are mixed-case, the EIP-55 checksum
    /// must hold (all-lower or all-upper addresses carry no checksum).
    static func ethereum(_ span: UnsafeRawBufferPointer) -> Bool {
        guard span.count == 42, span[0] == UInt8(ascii: "0"), span[1] | 0x20 == UInt8(ascii: "x") else { return false }
        let hex = span[2...]
        guard hex.allSatisfy({ isDigit($0) || ($0 | 0x20) &- 0x61 < 6 }) else { return false }
        let hasLower = hex.contains { $0 &- 0x61 < 6 }
        let hasUpper = hex.contains { $0 &- 0x41 < 6 }
        guard hasLower && hasUpper else { return true }
        let lower = hex.map { isLetter($0) ? $0 | 0x20 : $0 }
        let digest = Keccak256.hash(lower)
        for (i, c) in hex.enumerated() where isLetter(c) {
            let nibble = i % 2 == 0 ? digest[i / 2] >> 4 : digest[i / 2] & 0x0F
            let shouldBeUpper = nibble >= 8
            if shouldBeUpper != (c &- 0x41 < 6) { return false }
        }
        return true
    }

    /// Decodes base58 and checks the 4-byte double-SHA-256 checksum; returns
    /// the payload without it.
    static func base58Check(_ span: UnsafeRawBufferPointer) -> [UInt8]? {
        var bytes: [UInt8] = []  // big-endian, little-endian accumulation below
        var leadingZeros = 0
        var seenNonZero = false
        for c in span {
            let value = base58Values[Int(c)]
            guard value >= 0 else { return nil }
            if !seenNonZero && value == 0 { leadingZeros += 1; continue }
            seenNonZero = true
            var carry = Int(value)
            for k in 0..<bytes.count {
                carry += Int(bytes[k]) * 58
                bytes[k] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xFF))
                carry >>= 8
            }
        }
        let decoded = [UInt8](repeating: 0, count: leadingZeros) + bytes.reversed()
        guard decoded.count > 4 else { return nil }
        let payload = Array(decoded[..<(decoded.count - 4)])
        let check = SHA256.digest(of: SHA256.digest(of: payload))
        return Array(check[0..<4]) == Array(decoded[(decoded.count - 4)...]) ? payload : nil
    }

    /// BIP-173 / BIP-350: `bc1`, checksum constant 1 (bech32, witness v0) or
    /// 0x2bc830a3 (bech32m, v1+), program length 2–40 (20 or 32 for v0).
    static func bech32Segwit(_ span: UnsafeRawBufferPointer) -> Bool {
        let hasLower = span.contains { $0 &- 0x61 < 26 }
        let hasUpper = span.contains { $0 &- 0x41 < 26 }
        guard !(hasLower && hasUpper), (14...74).contains(span.count) else { return false }
        let text = span.map { isLetter($0) ? $0 | 0x20 : $0 }
        guard text.starts(with: Array("bc1".utf8)) else { return false }
        var values: [UInt8] = []
        for c in text[3...] {
            let v = bech32Values[Int(c)]
            guard v >= 0 else { return false }
            values.append(UInt8(v))
        }
        guard values.count >= 7 else { return false }
        let hrp = Array("bc".utf8)
        var expanded = hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
        expanded += values
        let check = polymod(expanded)
        let version = values[0]
        let constant: UInt32 = version == 0 ? 1 : 0x2BC8_30A3
        guard check == constant, version <= 16 else { return false }
        let programBits = (values.count - 1 - 6) * 5
        let programBytes = programBits / 8
        guard (2...40).contains(programBytes) else { return false }
        return version != 0 || programBytes == 20 || programBytes == 32
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3B6A_57B2, 0x2650_8E6D, 0x1EA1_19FA, 0x3D42_33DD, 0x2A14_62B3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1FF_FFFF) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }
}
