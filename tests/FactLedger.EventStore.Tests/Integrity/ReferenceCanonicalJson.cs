using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FactLedger.EventStore.Tests.Integrity;

/// <summary>The first, straightforward version of <see cref="FactLedger.EventStore.Integrity.CanonicalJson"/>, kept to check the faster one byte for byte.</summary>
internal static class ReferenceCanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    public static byte[] Canonicalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Canonicalize(document.RootElement);
    }

    public static byte[] Canonicalize(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, element);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                // jsonb keeps the last of duplicate keys; so does this.
                var properties = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    properties[property.Name] = property.Value;
                }

                foreach (var (name, value) in properties)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }

                writer.WriteEndObject();
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
                writer.WriteRawValue(NormalizeNumber(element.GetRawText()), skipInputValidation: true);
                break;
            case JsonValueKind.String:
                // Re-escape from the decoded value: jsonb prints "é" where a serializer may have sent "\u00e9".
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
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

    /// <summary>SHA-256 over the canonical data, a newline, and the canonical metadata.</summary>
    public static byte[] ContentDigest(string dataJson, string metadataJson)
    {
        var data = Canonicalize(dataJson);
        var metadata = Canonicalize(metadataJson);
        var bytes = new byte[data.Length + 1 + metadata.Length];
        data.CopyTo(bytes, 0);
        bytes[data.Length] = (byte)'\n';
        metadata.CopyTo(bytes, data.Length + 1);
        return System.Security.Cryptography.SHA256.HashData(bytes);
    }

}
