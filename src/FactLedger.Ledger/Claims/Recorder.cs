namespace FactLedger.Ledger.Claims;

/// <summary>Who put a claim in the ledger: a person, or an extractor at a given version.</summary>
public sealed record Recorder(RecorderKind Kind, string Name, string? Version = null);

public enum RecorderKind
{
    Person,
    Extractor,
}
