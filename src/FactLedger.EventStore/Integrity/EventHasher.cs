using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FactLedger.EventStore.Integrity;

/// <summary>
/// The two hash chains. Each stream is chained at append time (its version check already orders it), and the
/// global feed is chained by the sealer in feed order, so tamper evidence never serialises writers on one lock.
/// <see cref="ChainHash"/> mirrors <c>ledger.chain_hash</c> in 002_append.sql exactly.
/// </summary>
public static class EventHasher
{
    public static readonly byte[] Genesis = new byte[32];

    public static byte[] ChainHash(byte[] previousHash, long position, string streamId, int streamVersion, string eventType,
        int schemaVersion, byte[] contentDigest, DateTimeOffset recordedAt)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"fl1|{Convert.ToHexStringLower(previousHash)}|{position}|{Encoding.UTF8.GetByteCount(streamId)}:{streamId}|{streamVersion}|{Encoding.UTF8.GetByteCount(eventType)}:{eventType}|{schemaVersion}|{Convert.ToHexStringLower(contentDigest)}|{ToUnixMicroseconds(recordedAt)}");
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    public static byte[] FeedHash(byte[] previousFeedHash, long sequence, long position, byte[] eventHash)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"flfeed1|{Convert.ToHexStringLower(previousFeedHash)}|{sequence}|{position}|{Convert.ToHexStringLower(eventHash)}");
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    public static long ToUnixMicroseconds(DateTimeOffset value) =>
        (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
