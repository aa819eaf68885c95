namespace FactLedger.Ledger.Claims;

/// <summary>How a claim states its number. Stored as snake_case ("at_least").</summary>
public enum Qualifier
{
    /// <summary>"100 million users".</summary>
    Exact,

    /// <summary>"about / nearly / more or less 100 million".</summary>
    Approximate,

    /// <summary>"more than / over 100 million": a lower bound.</summary>
    AtLeast,

    /// <summary>"up to / fewer than 100 million": an upper bound.</summary>
    AtMost,

    /// <summary>"expected to reach 100 million": a prediction, never a current figure.</summary>
    Forecast,
}
