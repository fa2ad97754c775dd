// Alloy syntax tree: what AlloyParser builds.

public indirect enum AlloyExpr: Sendable {
    case literal(AlloyLiteral, AlloyPos)
    case identifier(String, AlloyPos)
    case array([AlloyExpr], AlloyPos)
    case object([AlloyField], AlloyPos)
    case access(AlloyExpr, String, AlloyPos)
    case index(AlloyExpr, AlloyExpr, AlloyPos)
    case call(AlloyExpr, [AlloyExpr], AlloyPos)
    case unary(AlloyTokenKind, AlloyExpr, AlloyPos)
    case binary(AlloyTokenKind, AlloyExpr, AlloyExpr, AlloyPos)
    case paren(AlloyExpr, AlloyPos)
    case bad(AlloyPos)

    public var pos: AlloyPos {
        switch self {
        case .literal(_, let p), .identifier(_, let p), .array(_, let p), .object(_, let p), .access(_, _, let p),
             .index(_, _, let p), .call(_, _, let p), .unary(_, _, let p), .binary(_, _, _, let p), .paren(_, let p),
             .bad(let p): p
        }
    }

    /// `a.b.c` as ["a", "b", "c"] when the expression is a plain dotted reference.
    public var referencePath: [String]? {
        switch self {
        case .identifier(let name, _): [name]
        case .access(let base, let name, _): base.referencePath.map { $0 + [name] }
        default: nil
        }
    }

    /// Where the expression starts (for `a.b.c`, the position of `a`).
    public var startPos: AlloyPos {
        switch self {
        case .access(let base, _, _), .index(let base, _, _), .call(let base, _, _), .binary(_, let base, _, _): base.startPos
        default: pos
        }
    }

    public var stringValue: String? {
        if case .literal(.string(let s), _) = self { return s }
        return nil
    }
}

public enum AlloyLiteral: Sendable, Hashable {
    case string(String), number(String), float(String), bool(Bool), null
}

public struct AlloyField: Sendable {
    public var key: String
    public var keyPos: AlloyPos
    public var value: AlloyExpr
}

public struct AlloyAttribute: Sendable {
    public var name: String
    public var pos: AlloyPos
    public var value: AlloyExpr
}

public struct AlloyBlock: Sendable {
    public var name: [String]
    public var label: String?
    public var pos: AlloyPos
    public var body: AlloyBody
    /// Where its closing `}` is; nil when the file ends first.
    public var closePos: AlloyPos?
    public var fullName: String { name.joined(separator: ".") }
    /// `loki.process "p"`, or the name alone for an unlabelled block.
    public var title: String { fullName + (label.map { " \"\($0)\"" } ?? "") }
}

public enum AlloyStatement: Sendable {
    case attribute(AlloyAttribute)
    case block(AlloyBlock)
}

public struct AlloyBody: Sendable {
    public var statements: [AlloyStatement] = []

    public var attributes: [AlloyAttribute] {
        statements.compactMap { if case .attribute(let a) = $0 { return a } else { return nil } }
    }
    public var blocks: [AlloyBlock] {
        statements.compactMap { if case .block(let b) = $0 { return b } else { return nil } }
    }
    public func attribute(_ name: String) -> AlloyAttribute? { attributes.first { $0.name == name } }
}

public struct AlloyFile: Sendable {
    public var body: AlloyBody
    public var errors: [AlloySyntaxError]
    /// Where the file stops being read as written: the start of the outermost block never closed, or of a block
    /// comment or raw string that runs to the end. Everything after it was read as part of that construct.
    public var swallowedFrom: AlloyPos?
    /// Where a block comment or raw string that runs to the end of the file starts: what follows is not read at all.
    public var unreadFrom: AlloyPos?
    /// Block names (`loki.process`) of blocks whose label Alloy rejects: a reference to such a component only looks
    /// unresolved.
    public var rejectedLabelBlocks: Set<String> = []
}

