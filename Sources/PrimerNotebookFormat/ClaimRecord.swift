import Foundation

/// A claim that lesson code checked, as the kit writes it and Primer draws
/// it: the statement, the verdict the evidence gave, and what was measured.
///
/// The kit cannot know the page's language, so it sends data, not words;
/// Primer writes "supported" or "成立".
public struct ClaimRecord: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        case supported, partly, notSupported
    }

    /// The claim as the lesson states it (Markdown).
    public var statement: String
    public var verdict: Verdict
    /// Why the verdict is only partial, or what fails (Markdown).
    public var reason: String?
    /// Where the evidence is shown, e.g. `@fig-slope` (Markdown).
    public var evidence: String?
    /// The numbers the verdict rests on, e.g. `max σ′ = 0.25` (Markdown).
    public var measured: String?

    public init(statement: String, verdict: Verdict, reason: String? = nil, evidence: String? = nil, measured: String? = nil) {
        self.statement = statement
        self.verdict = verdict
        self.reason = reason
        self.evidence = evidence
        self.measured = measured
    }

    /// The record as JSON with sorted keys, as frozen results store it.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and an enum always encode.
        // swift-format-ignore: NeverUseForceTry
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    public init(json: String) throws {
        self = try JSONDecoder().decode(ClaimRecord.self, from: Data(json.utf8))
    }
}
