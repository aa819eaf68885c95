using System.Text.Json;
using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Ledger.Seeds;

// The JSON shapes of seeds/NNN_hash.source.json and seeds/NNN_hash.claims.json, every member optional so that
// one pass can report every missing field (see seeds/README.md for what each field means).

public sealed record SourceFileJson(
    string? Id,
    string? File,
    string? Title,
    string? Publisher,
    string? Author,
    string? Url,
    string? Language,
    PartialDate Published,
    string? PublishedNote,
    string? Notes);

public sealed record ClaimsFileJson(
    string? SourceId,
    IReadOnlyList<ClaimJson?>? Claims,
    IReadOnlyList<CorrectionJson?>? Corrections,
    IReadOnlyList<QuoteJson?>? Excluded);

public sealed record ClaimJson(
    string? Id,
    string? Platform,
    string? Metric,
    decimal? Value,
    string? Unit,
    Qualifier? Qualifier,
    AsOf? AsOf,
    IReadOnlyList<AttributionJson?>? Attribution,
    string? Quote,
    int? Start,
    int? End,
    IReadOnlyList<QuoteJson?>? AlsoQuoted,
    string? Notes,
    RecorderJson? RecordedBy);

public sealed record AttributionJson(string? Name, AttributionRole? Role);

/// <summary>Who recorded a seed claim; optional, the curator by default.</summary>
public sealed record RecorderJson(RecorderKind? Kind, string? Name, string? Version);

/// <summary>A quoted span; <see cref="Reason"/> is used by exclusions only.</summary>
public sealed record QuoteJson(string? Quote, int? Start, int? End, string? Reason);

/// <summary>A correction; <see cref="Changes"/> holds a subset of the claim fields, in the claim's JSON shape.</summary>
public sealed record CorrectionJson(string? ClaimId, JsonElement? Changes, string? Reason, string? Actor);
