/// Sizes on the command line: bytes, or with KiB/MiB/GiB (KB/MB/GB taken as
/// binary units too: these size buffers, not disks).
public enum ByteSize {
    public static func parse(_ text: String) -> Int? {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1 << 10), ("MB", 1 << 20),
                                      ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value > 0 else { return nil }
            return Int(value * Double(scale))
        }
        guard let value = Int(text), value > 0 else { return nil }
        return value
    }
}
