using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FactLedger.Ledger.Common;

/// <summary>Content hashes and name-based ids, so the same input always yields the same value.</summary>
public static class Digest
{
    /// <summary>Namespace of FactLedger's name-based event ids (RFC 9562 version 5).</summary>
    public static readonly Guid EventIdNamespace = new("6f1c2a4e-58d3-4c4b-9a57-0e3b7d1f2c90");

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>SHA-256 of a value's <see cref="LedgerJson"/> form: equal values give equal digests.</summary>
    public static string OfJson<T>(T value) => Sha256Hex(JsonSerializer.Serialize(value, LedgerJson.Options));

    /// <summary>A version 5 (SHA-1, name-based) UUID: the same name always gives the same id.</summary>
    public static Guid NameBasedGuid(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input.AsSpan(0, 16), bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 ids; it is not used for security.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
