namespace FactLedger.EventStore.Events;

/// <summary>The version a writer believes its stream is at; a mismatch rejects the whole append.</summary>
public readonly record struct ExpectedVersion
{
    private ExpectedVersion(int value) => Value = value;

    /// <summary>-1 for <see cref="Any"/>, 0 for <see cref="NoStream"/>, otherwise the exact version.</summary>
    public int Value { get; }

    public static ExpectedVersion Any { get; } = new(-1);

    public static ExpectedVersion NoStream { get; } = new(0);

    public static ExpectedVersion Exact(int version) =>
        version >= 1 ? new ExpectedVersion(version) : throw new ArgumentOutOfRangeException(nameof(version), "An exact version is 1 or more; use NoStream for a new stream.");

    public override string ToString() => Value switch
    {
        -1 => "any",
        0 => "no stream",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
