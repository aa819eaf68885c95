namespace FactLedger.Ledger.Access;

/// <summary>What a key may do: fact-checkers write claims and sources, admins also run the ledger.</summary>
public static class ApiKeyRoles
{
    public const string FactChecker = "fact-checker";

    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [FactChecker, Admin];

    public static bool IsValid(string? role) => role is FactChecker or Admin;
}

/// <summary>A key as listed: its public id, never its secret.</summary>
/// <param name="Id">The short public id, also the start of the key itself, used to list and revoke it.</param>
/// <param name="Owner">The person or team the key was issued to; recorded as the actor of every event it appends.</param>
public sealed record ApiKeyInfo(string Id, string Role, string Owner, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A newly created key. <see cref="Key"/> is the only copy of the secret: it is stored as a hash.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key)
{
    public string Id => Info.Id;
}
