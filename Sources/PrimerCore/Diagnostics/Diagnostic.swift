/// One problem found while building, as data: printed later in the
/// compiler's `path:line:col: error: summary` format so editors can jump to it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    public var location: SourceLocation
    /// A stable identifier for the kind of problem, e.g. `front-matter.unknown-key`.
    public var identifier: String
    public var summary: String
    /// Further lines printed below the summary (an excerpt, a hint).
    public var notes: [String]

    public init(
        _ severity: Severity = .error,
        at location: SourceLocation,
        id identifier: String,
        _ summary: String,
        notes: [String] = []
    ) {
        self.severity = severity
        self.location = location
        self.identifier = identifier
        self.summary = summary
        self.notes = notes
    }

    /// The compiler-style rendering: `file:line:col: error: summary`, then notes.
    public var description: String {
        (["\(location): \(severity.rawValue): \(summary)"] + notes.map { "  " + $0 })
            .joined(separator: "\n")
    }
}

/// Thrown when a stage found errors; carries every diagnostic found so far,
/// so the author sees all problems of a build at once.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Collects diagnostics during a stage and turns errors into a `BuildFailure`.
struct DiagnosticLog: Sendable {
    private(set) var diagnostics: [Diagnostic] = []

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func append(contentsOf others: [Diagnostic]) {
        diagnostics.append(contentsOf: others)
    }

    /// Runs `body`, recording a thrown `BuildFailure` instead of propagating it.
    mutating func collect<T>(_ body: () throws(BuildFailure) -> T) -> T? {
        do {
            return try body()
        } catch {
            append(contentsOf: error.diagnostics)
            return nil
        }
    }

    /// Throws every diagnostic collected so far when any of them is an error.
    func throwIfErrors() throws(BuildFailure) {
        if hasErrors { throw BuildFailure(diagnostics.sorted { $0.location < $1.location }) }
    }
}
