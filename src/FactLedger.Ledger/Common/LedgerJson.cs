using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactLedger.Ledger.Common;

/// <summary>
/// How ledger events and read models are written as JSON: camelCase members, enums as snake_case strings
/// ("at_least"), partial dates as "YYYY[-MM[-DD]]" or null. Read-only: to extend it, copy it with
/// <c>new JsonSerializerOptions(LedgerJson.Options)</c>.
/// </summary>
public static class LedgerJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Converters =
            {
                new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower),
                new PartialDateJsonConverter(),
                new NullablePartialDateJsonConverter(),
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

/// <summary>
/// <see cref="PartialDateJsonConverter"/> reads null as <see cref="PartialDate.Unknown"/>; for an optional date
/// (<c>PartialDate?</c>) null must stay null, and an unknown date is written as null too.
/// </summary>
public sealed class NullablePartialDateJsonConverter : JsonConverter<PartialDate?>
{
    private static readonly PartialDateJsonConverter Inner = new();

    public override bool HandleNull => true;

    public override PartialDate? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var value = Inner.Read(ref reader, typeof(PartialDate), options);
        return value.IsKnown ? value : null;
    }

    public override void Write(Utf8JsonWriter writer, PartialDate? value, JsonSerializerOptions options)
    {
        if (value is { IsKnown: true } known)
        {
            Inner.Write(writer, known, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
