import Foundation
internal import PrimerNotebookFormat

/// A claim of the lesson's prose, checked by the lesson's own code: the page
/// shows the statement with a verdict a reader sees at a glance — ✓
/// supported, ◐ partly supported, ✗ not supported — and the numbers it
/// rests on. The verdict is part of the frozen results, so a change to the
/// kit or the experiment that flips it shows up as a changed page in review.
///
/// ```swift
/// @Claim("The derivative of σ never exceeds 1/4", holds: maxSlope <= 0.25,
///        evidence: "@fig-slope", measured: "max σ′ = \(format(maxSlope))")
/// @Claim("ReLU converges faster", verdict: .partly("with He initialisation only"),
///        evidence: "@tbl-epochs")
/// ```
public struct Claim: Displayable, Sendable {
    /// What the evidence says about the claim.
    public enum Verdict: Sendable, Equatable {
        case supported
        /// Supported in part; the reason says where it holds and where not.
        case partly(String)
        /// Not supported; the reason may say what the measurement shows instead.
        case notSupported(String?)
    }

    public var statement: String
    public var verdict: Verdict
    public var evidence: String?
    public var measured: String?

    /// A claim with a verdict of its own.
    ///
    /// - Parameters:
    ///   - statement: the claim, as the prose states it (Markdown).
    ///   - evidence: where the page shows the evidence (`"@fig-slope"`).
    ///   - measured: the numbers, as the reader should read them.
    public init(_ statement: String, verdict: Verdict, evidence: String? = nil, measured: String? = nil) {
        self.statement = statement
        self.verdict = verdict
        self.evidence = evidence
        self.measured = measured
    }

    /// A claim that `holds` or not.
    public init(_ statement: String, holds: Bool, evidence: String? = nil, measured: String? = nil) {
        self.init(statement, verdict: holds ? .supported : .notSupported(nil), evidence: evidence, measured: measured)
    }

    public var displayOutput: DisplayOutput {
        let record: ClaimRecord
        switch verdict {
        case .supported:
            record = ClaimRecord(statement: statement, verdict: .supported, evidence: evidence, measured: measured)
        case .partly(let reason):
            record = ClaimRecord(statement: statement, verdict: .partly, reason: reason, evidence: evidence, measured: measured)
        case .notSupported(let reason):
            record = ClaimRecord(statement: statement, verdict: .notSupported, reason: reason, evidence: evidence, measured: measured)
        }
        return .claim(record.json)
    }
}
