import CCrypto
import Foundation

/// SHA-256 of a whole file through libcrypto: `scan --db` names an archive by
/// the hash of its compressed bytes, and the hand-written `SHA256` (fine for a
/// rule pack) would take seconds on a large archive.
///
/// Threading: stateless; each call uses its own digest context.
public enum FileDigest {
    public static func sha256Hex(path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard let context = EVP_MD_CTX_new() else { throw InputError.readFailed(path: path, offset: 0, reason: "no digest context") }
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var offset: Int64 = 0
        while true {
            let n = read(fd, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed(path: path, offset: offset, reason: String(cString: strerror(errno)))
            }
            offset += Int64(n)
            if n == 0 { break }
            EVP_DigestUpdate(context, buffer, n)
        }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
