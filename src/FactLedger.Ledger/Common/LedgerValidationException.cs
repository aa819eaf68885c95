namespace FactLedger.Ledger.Common;

/// <summary>
/// A command or seed file broke a ledger rule. <see cref="Errors"/> is keyed by the camelCase field name
/// ("platform", "asOf.since", "alsoQuoted[1]"), so an API can return it as a validation problem unchanged.
/// </summary>
public sealed class LedgerValidationException : Exception
{
    public LedgerValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public LedgerValidationException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0
            ? "The request is invalid."
            : string.Join("; ", errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")));
}
