import Mustache

/// Bounds the work of rendering: every element a section iterates costs one step, and recursion is bounded too. Templates that nest sections over
/// large lists (`{{#attributes}}` inside `{{#attributes}}` inside ...) would otherwise run for hours; once the budget
/// is spent, sections render nothing more and the render is reported as stopped.
final class RenderBudget {
    /// Stack the rendering may use beyond where it started (recursive partials): legitimate templates need a few
    /// kilobytes; without a bound, a partial that recurses through a section would run off the end of the stack.
    static let maxStackBytes = 256 << 10
    private let stackBase = RenderBudget.stackPosition()

    /// Steps per rendered template entry (each has its own root context): generating the whole upstream v1.40.0
    /// registry with the bundled Swift templates takes 16,204 steps in all, its Markdown docs 7,658; a runaway
    /// template stops after a few seconds.
    static let defaultSteps = 2_000_000
    private(set) var remaining: Int

    /// The root context's answer for a name in `ViewModelSchema.rootOnlyNames` (nil for other names): every
    /// view-model object answers those as the root would, so `{{params.access}}` inside nested sections does not
    /// walk down the whole context stack (which finds the same value).
    var rootOnlyMember: (String) -> Any? = { _ in nil }

    init(steps: Int = RenderBudget.defaultSteps) { remaining = steps }

    var exhausted: Bool { remaining < 0 }

    @inline(__always) func spend() -> Bool {
        remaining -= 1
        return remaining >= 0
    }

    /// An address on the caller's stack (stacks grow downwards on every platform we build for).
    @inline(never) static func stackPosition() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// `value` as templates see it: lists and objects wrapped so that iterating them spends this budget. Once the
    /// rendering recursed deeper than `maxStackBytes`, the budget counts as spent and every lookup finds nothing.
    func wrap(_ value: Any?) -> Any? {
        guard admits() else { return nil }
        return switch value {
        case nil, is String, is Bool: value
        case let object as [String: Any]: BudgetedObject(values: object, budget: self)
        case let lazy as LazyValue: wrap(lazy.value)
        case is Int: value
        case let list as [[String: Any]]: BudgetedList(items: list, budget: self)
        case let list as [String]: BudgetedList(items: list, budget: self)
        case let list as [Any]: BudgetedList(items: list, budget: self)
        default: value
        }
    }

    /// `object` as templates see it (`wrap` for the view-model's most common element, without its type tests).
    func wrap(_ object: [String: Any]) -> Any? {
        admits() ? BudgetedObject(values: object, budget: self) : nil
    }

    /// Whether lookups may still find something: false once the budget is spent, or the rendering recursed deeper
    /// than `maxStackBytes` (which spends it).
    @inline(__always) private func admits() -> Bool {
        let here = Self.stackPosition()
        if stackBase > here, stackBase - here > Self.maxStackBytes { remaining = -1 }
        return remaining >= 0
    }
}

/// A view-model list as templates see it (whatever its element type).
protocol BudgetedSequence {
    var isEmpty: Bool { get }
}

/// A view-model list whose iteration spends the render budget.
struct BudgetedList<Element>: MustacheSequence, MustacheTransformable, BudgetedSequence {
    let items: [Element]
    let budget: RenderBudget

    var isEmpty: Bool { items.isEmpty }

    struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Element]>
        let budget: RenderBudget

        mutating func next() -> Any? {
            guard budget.spend(), let item = base.next() else { return nil }
            if let object = item as? [String: Any] { return budget.wrap(object) }
            return budget.wrap(item)
        }
    }

    func makeIterator() -> Iterator { Iterator(base: items.makeIterator(), budget: budget) }

    /// `count`, `empty`, `first`, `last`, `reversed`, ... as for plain arrays.
    func transform(_ name: String) -> Any? { budget.wrap(items.transform(name)) }
}

/// A view-model object whose lists spend the render budget.
struct BudgetedObject: MustacheParent, MustacheTransformable {
    let values: [String: Any]
    let budget: RenderBudget

    func child(named name: String) -> Any? {
        if let value = values[name] { return budget.wrap(value) }
        return budget.rootOnlyMember(name)
    }

    /// `count`, `empty`, `enumerated` and `sorted` as for plain dictionaries (pairs carry resolved `LazyValue`s).
    func transform(_ name: String) -> Any? {
        budget.wrap(values.mapValues { ($0 as? LazyValue)?.value ?? $0 }.transform(name))
    }
}
