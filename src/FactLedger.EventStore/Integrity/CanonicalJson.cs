using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FactLedger.EventStore.Integrity;

/// <summary>
/// A byte-exact rendering of a JSON value that survives a round trip through jsonb: keys sorted ordinally,
/// no whitespace, numbers normalised. jsonb reorders keys and rewrites numbers, so hashing the text we sent
/// could never be re-checked from what PostgreSQL gives back; hashing this form can.
/// </summary>
/// <remarks>
/// Every append digests its events, so this avoids work where it can. JSON that is canonical already (the store writes
/// properties in ordinal order, see <see cref="WritingCanonicalOrder"/>) is checked in one pass and hashed as it is.
/// Anything else is parsed and rewritten with one reused buffer and writer per thread, properties sorted in a rented
/// array, and ASCII strings and integers copied from the parsed bytes when that gives the same output as decoding and
/// re-encoding them.
/// </remarks>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>As deep as <see cref="JsonDocument"/> parses by default: deeper input fails the same way either way.</summary>
    private const int MaxDepth = 64;

    /// <summary>The longest property name <see cref="Utf8JsonWriter"/> writes; a longer one must fail as it always has.</summary>
    private const int MaxPropertyNameLength = 1_000_000_000 / 6;

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
        scratch.AppendCanonical(dataJson);
        scratch.Buffer.Write("\n"u8);
        scratch.AppendCanonical(metadataJson);
        return SHA256.HashData(scratch.Buffer.WrittenSpan);
    }

    /// <summary>
    /// The same serializer options, writing JSON the way the canonical form has it where they can: every object's
    /// properties in ordinal order of their names (overriding any property order attribute), and only the characters
    /// JSON requires escaped. What they write is canonical already when its strings are ASCII and its numbers plain,
    /// and <see cref="ContentDigest"/> then hashes it as it is. Reading is unaffected: names and escapes mean the same.
    /// </summary>
    public static JsonSerializerOptions WritingCanonicalOrder(JsonSerializerOptions options)
    {
        var ordered = new JsonSerializerOptions(options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        ordered.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(static typeInfo =>
        {
            if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Properties.Count < 2)
            {
                return;
            }

            var properties = typeInfo.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
            typeInfo.Properties.Clear();
            foreach (var property in properties)
            {
                typeInfo.Properties.Add(property);
            }
        });
        ordered.MakeReadOnly();
        return ordered;
    }

    /// <summary>
    /// True only when <paramref name="utf8Json"/> is byte for byte its own canonical form, checked in one pass: no
    /// whitespace between tokens, every object's names strictly ascending (so no duplicates), every string and name
    /// printable ASCII without escapes, every number as normalising prints it. Canonical text with other characters in
    /// its strings (which the canonical form writes unescaped) is not recognised, nor is JSON that does not parse.
    /// </summary>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return IsCanonicalUnchecked(utf8Json);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsCanonicalUnchecked(ReadOnlySpan<byte> utf8Json)
    {
        // Where the previous name of each open object lies in the input; depth is bounded by the reader's MaxDepth.
        Span<(int Start, int Length)> previousNames = stackalloc (int, int)[MaxDepth + 2];
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var end = 0;
        var previous = JsonTokenType.None;
        while (reader.Read())
        {
            var token = reader.TokenType;
            // A separator is exactly one byte: the reader has checked it is the right one, so a longer gap is whitespace.
            var gap = previous switch
            {
                JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.StartArray => 0,
                JsonTokenType.PropertyName => 1,
                _ => token is JsonTokenType.EndObject or JsonTokenType.EndArray ? 0 : 1,
            };
            if (reader.TokenStartIndex != end + gap)
            {
                return false;
            }

            var length = 1; // a bracket or brace
            switch (token)
            {
                case JsonTokenType.StartObject:
                    previousNames[reader.CurrentDepth + 1] = (-1, 0);
                    break;
                case JsonTokenType.PropertyName:
                    if (!IsPlainAscii(reader.ValueSpan) || reader.ValueSpan.Length > MaxPropertyNameLength)
                    {
                        return false;
                    }

                    var name = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                    var before = previousNames[reader.CurrentDepth];
                    if (before.Start >= 0 && utf8Json.Slice(before.Start, before.Length).SequenceCompareTo(reader.ValueSpan) >= 0)
                    {
                        return false;
                    }

                    previousNames[reader.CurrentDepth] = name;
                    length = reader.ValueSpan.Length + 2;
                    break;
                case JsonTokenType.String:
                    if (!IsPlainAscii(reader.ValueSpan))
                    {
                        return false;
                    }

                    length = reader.ValueSpan.Length + 2;
                    break;
                case JsonTokenType.Number:
                    if (!IsPlainInteger(reader.ValueSpan))
                    {
                        var number = Encoding.ASCII.GetString(reader.ValueSpan);
                        if (NormalizeNumber(number) != number)
                        {
                            return false;
                        }
                    }

                    length = reader.ValueSpan.Length;
                    break;
                case JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                    length = reader.ValueSpan.Length;
                    break;
            }

            end = (int)reader.TokenStartIndex + length;
            previous = token;
        }

        return previous != JsonTokenType.None && end == utf8Json.Length;
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
                if (IsPlainAscii(rawString[1..^1]))
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

    /// <summary>Printable ASCII without a backslash: JSON string content that is its own escaped form.</summary>
    private static bool IsPlainAscii(ReadOnlySpan<byte> raw) =>
        raw.IndexOfAnyExceptInRange((byte)' ', (byte)'~') < 0 && raw.IndexOf((byte)'\\') < 0;

    /// <summary>A lone 0, or an optional minus and up to 18 digits without a leading zero: printed the same after normalising.</summary>
    private static bool IsPlainInteger(ReadOnlySpan<byte> raw)
    {
        if (raw is [(byte)'0'])
        {
            return true;
        }

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

        /// <summary>Appends the canonical form of <paramref name="json"/>: its own bytes when they are canonical already.</summary>
        public void AppendCanonical(string json)
        {
            ArgumentNullException.ThrowIfNull(json);
            // Only ASCII text can pass the check, and ASCII is one byte a character: anything else skips it.
            var ascii = Buffer.GetSpan(json.Length);
            if (Ascii.FromUtf16(json, ascii, out var length) == OperationStatus.Done && IsCanonical(ascii[..length]))
            {
                Buffer.Advance(length);
                return;
            }

            // Parsed from the string, not from the bytes above: the writer overwrites those, and the string's own
            // transcoding rejects a lone surrogate as it always has.
            using var document = JsonDocument.Parse(json);
            Append(document.RootElement);
        }

        public void Append(JsonElement element)
        {
            _writer.Reset(Buffer);
            Write(_writer, element);
            _writer.Flush();
        }
    }
}
