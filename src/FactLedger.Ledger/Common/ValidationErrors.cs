namespace FactLedger.Ledger.Common;

/// <summary>Collects every broken rule before failing, so one answer lists all of them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Values.Sum(v => v.Count);

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
        return this;
    }

    public void Require(string field, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{what} is required.");
        }
    }

    /// <summary>Adds another failure's errors with their field names prefixed ("$.claims[2]." + "platform").</summary>
    public void AddAll(string prefix, LedgerValidationException failure)
    {
        foreach (var (field, messages) in failure.Errors)
        {
            foreach (var message in messages)
            {
                Add(prefix + field, message);
            }
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new LedgerValidationException(ToDictionary());
        }
    }
}
