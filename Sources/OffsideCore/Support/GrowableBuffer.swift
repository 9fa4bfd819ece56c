/// A manually managed, growable array of trivial values that is reused across
/// chunks: `removeAll()` keeps the capacity, so steady-state scanning allocates
/// nothing.
///
/// Threading: not thread-safe; each instance belongs to one worker at a time.
public final class GrowableBuffer<Element: BitwiseCopyable> {
    // Unchecked: dynamic exclusivity checks on these per-byte accesses cost
    // more than the work; the type's single-owner rule already excludes
    // overlapping access.
    @exclusivity(unchecked) public private(set) var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) public private(set) var capacity: Int
    @exclusivity(unchecked) public private(set) var count: Int = 0

    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 16)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    public func removeAll() { count = 0 }

    /// Makes room for `extra` more elements without changing `count`.
    @inline(__always)
    public func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    public func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = value
        count += 1
    }

    /// Appends `n` elements copied from `source`.
    @inline(__always)
    public func append(_ source: UnsafePointer<Element>, count n: Int) {
        reserve(n)
        (base + count).update(from: source, count: n)
        count += n
    }

    /// Sets `count` after the caller wrote directly into reserved space.
    @inline(__always)
    public func setCount(_ newCount: Int) {
        precondition(newCount <= capacity)
        count = newCount
    }

    @inline(__always)
    public subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    public var elements: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }
}

extension GrowableBuffer where Element == UInt8 {
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count)
    }

    public func append(_ raw: UnsafeRawBufferPointer) {
        guard let src = raw.baseAddress, raw.count > 0 else { return }
        append(src.assumingMemoryBound(to: UInt8.self), count: raw.count)
    }
}
