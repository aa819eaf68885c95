using System.Text.Json;
using System.Text.Json.Serialization;
using FactLedger.Ledger.Common;

namespace FactLedger.Api;

/// <summary>
/// The API speaks the ledger's JSON (camelCase, snake_case enums, "YYYY[-MM[-DD]]" dates) and reads bodies
/// strictly: numbers must be numbers and unknown members are errors, so a typo never silently drops a field.
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new PartialDateJsonConverter());
        options.Converters.Add(new NullablePartialDateJsonConverter());
    }

    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
