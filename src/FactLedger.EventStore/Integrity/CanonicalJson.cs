using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FactLedger.EventStore.Integrity;

/// <summary>
/// A byte-exact rendering of a JSON value that survives a round trip through jsonb: keys sorted ordinally,
/// no whitespace, numbers normalised. jsonb reorders keys and rewrites numbers, so hashing the text we sent
/// could never be re-checked from what PostgreSQL gives back; hashing this form can.
/// </summary>
/// <remarks>
/// Every append digests its events, so this avoids allocating where it can: one reused buffer and writer per
/// thread, properties sorted in a rented array, and ASCII strings and integers copied from the parsed bytes when
/// that gives the same output as decoding and re-encoding them.
/// </remarks>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    [ThreadStatic]
    private static Scratch? _scratch;

    public static byte[] Canonicalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Canonicalize(document.RootElement);
    }

    public static byte[] Canonicalize(JsonElement element)
    {
        var scratch = Scratch.Take();
        scratch.Append(element);
        return scratch.Buffer.WrittenSpan.ToArray();
    }

    /// <summary>SHA-256 over the canonical data, a newline, and the canonical metadata.</summary>
    public static byte[] ContentDigest(string dataJson, string metadataJson)
    {
        var scratch = Scratch.Take();
        using (var data = JsonDocument.Parse(dataJson))
        {
            scratch.Append(data.RootElement);
        }

        scratch.Buffer.Write("\n"u8);
        using (var metadata = JsonDocument.Parse(metadataJson))
        {
            scratch.Append(metadata.RootElement);
        }

        return SHA256.HashData(scratch.Buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                var rawNumber = JsonMarshal.GetRawUtf8Value(element);
                if (IsPlainInteger(rawNumber))
                {
                    writer.WriteRawValue(rawNumber, skipInputValidation: true);
                }
                else
                {
                    writer.WriteRawValue(NormalizeNumber(element.GetRawText()), skipInputValidation: true);
                }

                break;
            case JsonValueKind.String:
                // Printable ASCII without a backslash is its own escaped form: the writer would copy it unchanged.
                var rawString = JsonMarshal.GetRawUtf8Value(element);
                var content = rawString[1..^1];
                if (content.IndexOfAnyExceptInRange((byte)' ', (byte)'~') < 0 && content.IndexOf((byte)'\\') < 0)
                {
                    writer.WriteRawValue(rawString, skipInputValidation: true);
                }
                else
                {
                    // Re-escape from the decoded value: jsonb prints "é" where a serializer may have sent "\u00e9".
                    writer.WriteStringValue(element.GetString());
                }

                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement element)
    {
        var count = 0;
        var properties = ArrayPool<(string Name, int Order, JsonElement Value)>.Shared.Rent(16);
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                if (count == properties.Length)
                {
                    var larger = ArrayPool<(string Name, int Order, JsonElement Value)>.Shared.Rent(count * 2);
                    properties.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<(string Name, int Order, JsonElement Value)>.Shared.Return(properties, clearArray: true);
                    properties = larger;
                }

                properties[count] = (property.Name, count, property.Value);
                count++;
            }

            var sorted = properties.AsSpan(0, count);
            sorted.Sort(static (a, b) =>
            {
                var byName = string.CompareOrdinal(a.Name, b.Name);
                return byName != 0 ? byName : a.Order.CompareTo(b.Order);
            });

            writer.WriteStartObject();
            for (var i = 0; i < sorted.Length; i++)
            {
                // jsonb keeps the last of duplicate keys; so does this.
                if (i + 1 < sorted.Length && string.Equals(sorted[i].Name, sorted[i + 1].Name, StringComparison.Ordinal))
                {
                    continue;
                }

                writer.WritePropertyName(sorted[i].Name);
                Write(writer, sorted[i].Value);
            }

            writer.WriteEndObject();
        }
        finally
        {
            ArrayPool<(string Name, int Order, JsonElement Value)>.Shared.Return(properties, clearArray: true);
        }
    }

    /// <summary>An optional minus and up to 18 digits without a leading zero: printed the same after normalising.</summary>
    private static bool IsPlainInteger(ReadOnlySpan<byte> raw)
    {
        var digits = raw.Length > 0 && raw[0] == (byte)'-' ? raw[1..] : raw;
        if (digits.Length is 0 or > 18 || digits[0] == (byte)'0')
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static string NormalizeNumber(string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            // "1.50", "1.5" and "15e-1" are one number to jsonb's numeric; drop the scale so they hash alike.
            return (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        }

        return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A thread's reusable output buffer and writer.</summary>
    private sealed class Scratch
    {
        private readonly Utf8JsonWriter _writer;

        private Scratch()
        {
            _writer = new Utf8JsonWriter(Buffer, WriterOptions);
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public static Scratch Take()
        {
            var scratch = _scratch ??= new Scratch();
            if (scratch.Buffer.Capacity > 1 << 20)
            {
                // One huge event must not pin its buffer to the thread for good.
                scratch = _scratch = new Scratch();
            }

            scratch.Buffer.ResetWrittenCount();
            return scratch;
        }

        public void Append(JsonElement element)
        {
            _writer.Reset(Buffer);
            Write(_writer, element);
            _writer.Flush();
        }
    }
}
