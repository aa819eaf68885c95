namespace FactLedger.Ledger.Claims;

/// <summary>A reviewer's judgement of a claim. Stored as snake_case ("unverifiable").</summary>
public enum Verdict
{
    Supported,
    Disputed,
    False,
    Misleading,
    Unverifiable,
}
