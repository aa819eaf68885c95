using System.Security.Cryptography;
using System.Text;
using FactLedger.EventStore;
using FactLedger.Ledger.Common;
using Npgsql;

namespace FactLedger.Ledger.Access;

/// <summary>
/// Issues, lists, revokes and checks API keys. A key reads <c>flk_{id}_{secret}</c>: the id finds the row, and the
/// SHA-256 of the whole key must match the stored hash, so a leaked table yields no usable key.
/// </summary>
public sealed class ApiKeyStore(PostgresEventStore store)
{
    private const string Prefix = "flk_";
    private const int MaxOwnerLength = 200;
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <exception cref="LedgerValidationException">The role is not a known role or the owner is blank or too long.</exception>
    public async Task<CreatedApiKey> CreateAsync(string role, string owner, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (!ApiKeyRoles.IsValid(role))
        {
            errors.Add("role", $"'{role}' is not a role; use one of: {string.Join(", ", ApiKeyRoles.All)}.");
        }

        errors.Require("owner", owner, "An owner");
        if (owner?.Trim().Length > MaxOwnerLength)
        {
            errors.Add("owner", $"The owner must be at most {MaxOwnerLength} characters.");
        }

        errors.ThrowIfAny();
        var id = RandomId();
        var key = $"{Prefix}{id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        await using var command = store.DataSource.CreateCommand(
            "INSERT INTO ledger_access.api_keys (id, key_hash, role, owner) VALUES (@id, @hash, @role, @owner) RETURNING created_at");
        command.Parameters.Add(new NpgsqlParameter<string>("id", id));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("hash", Hash(key)));
        command.Parameters.Add(new NpgsqlParameter<string>("role", role));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", owner!.Trim()));
        var createdAt = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new CreatedApiKey(new ApiKeyInfo(id, role, owner.Trim(), new DateTimeOffset(createdAt, TimeSpan.Zero), null), key);
    }

    /// <summary>Revokes a key at once. Returns false when no key has this id; revoking a revoked key keeps its first revocation time.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand(
            "UPDATE ledger_access.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(bool includeRevoked = true, CancellationToken cancellationToken = default)
    {
        await using var command = store.DataSource.CreateCommand(
            "SELECT id, role, owner, created_at, revoked_at FROM ledger_access.api_keys WHERE @all OR revoked_at IS NULL ORDER BY created_at, id");
        command.Parameters.Add(new NpgsqlParameter<bool>("all", includeRevoked));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadInfo(reader));
        }

        return keys;
    }

    /// <summary>The key's details when <paramref name="presentedKey"/> is a live key; null when it is malformed, unknown or revoked.</summary>
    public async Task<ApiKeyInfo?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        if (ParseId(presentedKey) is not { } id)
        {
            return null;
        }

        await using var command = store.DataSource.CreateCommand(
            "SELECT id, role, owner, created_at, revoked_at, key_hash FROM ledger_access.api_keys WHERE id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var info = ReadInfo(reader);
        var matches = CryptographicOperations.FixedTimeEquals(Hash(presentedKey), reader.GetFieldValue<byte[]>(5));
        return matches && !info.IsRevoked ? info : null;
    }

    /// <summary>The public id inside a key, or null when the text is not shaped like a key.</summary>
    public static string? ParseId(string? key)
    {
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return null;
        }

        var separator = key.IndexOf('_', Prefix.Length);
        return separator > Prefix.Length && separator < key.Length - 1 ? key[Prefix.Length..separator] : null;
    }

    private static ApiKeyInfo ReadInfo(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string RandomId() =>
        string.Create(10, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = IdAlphabet[RandomNumberGenerator.GetInt32(IdAlphabet.Length)];
            }
        });

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
