using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;

namespace FactLedger.Api.Contracts;

/// <param name="Date">When the number held: "YYYY[-MM[-DD]]", or null when the source does not say.</param>
/// <param name="Since">The start of the period for "since May 2015"; null for a point in time.</param>
/// <param name="Text">The source's own words for the date.</param>
public sealed record AsOfRequest(string? Date, string? Since = null, string? Text = null, string? Note = null);

/// <summary>A verbatim passage at UTF-16 offsets [start, end) of the source's text.</summary>
public sealed record QuoteRequest(string? Text, int? Start, int? End);

/// <param name="Role">article, outlet, person or organization.</param>
public sealed record AttributionRequest(string? Name, string? Role);

/// <param name="Kind">person or extractor; the key's owner is the default recorder.</param>
public sealed record RecorderRequest(string? Kind, string? Name, string? Version = null);

public sealed record AssertClaimRequest(
    string? ClaimId,
    string? SourceId,
    string? Platform,
    string? Metric,
    decimal? Value,
    string? Qualifier,
    AsOfRequest? AsOf,
    QuoteRequest? Quote,
    string? Unit = null,
    IReadOnlyList<AttributionRequest>? Attribution = null,
    IReadOnlyList<QuoteRequest>? AlsoQuoted = null,
    RecorderRequest? RecordedBy = null,
    string? Notes = null)
{
    public AssertClaim ToCommand(string actor)
    {
        var errors = new ValidationErrors();
        if (Value is null)
        {
            errors.Add("value", "A value is required.");
        }

        var qualifier = RequestFields.Enum<Qualifier>(errors, "qualifier", Qualifier, required: true);
        var asOf = AsOf is null ? null : ClaimParts.AsOf(errors, "asOf", AsOf);
        if (AsOf is null)
        {
            errors.Add("asOf", "An as-of is required (its date may be null when the source does not say).");
        }

        var attribution = ClaimParts.Attribution(errors, Attribution ?? []);
        var quote = ClaimParts.Quote(errors, "quote", Quote);
        var alsoQuoted = ClaimParts.Quotes(errors, "alsoQuoted", AlsoQuoted ?? []);
        var recorder = RecordedBy is null ? new Recorder(RecorderKind.Person, actor) : ClaimParts.Recorder(errors, RecordedBy);
        errors.ThrowIfAny();
        return new AssertClaim(ClaimId ?? "", SourceId ?? "", Platform ?? "", Metric ?? "", Value!.Value, qualifier!.Value, asOf!, attribution,
            quote!, alsoQuoted, recorder!, Notes, Unit);
    }
}

/// <summary>Only the fields given change; <c>"cleared": ["notes"]</c> removes the notes.</summary>
public sealed record CorrectClaimRequest(
    string? Reason,
    string? Platform = null,
    string? Metric = null,
    decimal? Value = null,
    string? Unit = null,
    string? Qualifier = null,
    AsOfRequest? AsOf = null,
    IReadOnlyList<AttributionRequest>? Attribution = null,
    QuoteRequest? Quote = null,
    IReadOnlyList<QuoteRequest>? AlsoQuoted = null,
    string? Notes = null,
    IReadOnlyList<string>? Cleared = null)
{
    public CorrectClaim ToCommand(string claimId)
    {
        var errors = new ValidationErrors();
        var qualifier = RequestFields.Enum<Qualifier>(errors, "qualifier", Qualifier, required: false);
        var changes = new ClaimChanges(
            Platform,
            Metric,
            Value,
            Unit,
            qualifier,
            AsOf is null ? null : ClaimParts.AsOf(errors, "asOf", AsOf),
            Attribution is null ? null : ClaimParts.Attribution(errors, Attribution),
            Quote is null ? null : ClaimParts.Quote(errors, "quote", Quote),
            AlsoQuoted is null ? null : ClaimParts.Quotes(errors, "alsoQuoted", AlsoQuoted),
            Notes,
            Cleared);
        errors.ThrowIfAny();
        return new CorrectClaim(claimId, changes, Reason ?? "");
    }
}

/// <param name="Verdict">supported, disputed, false, misleading or unverifiable.</param>
/// <param name="Reviewer">Who reviewed; the key's owner by default.</param>
public sealed record ReviewClaimRequest(string? Verdict, string? Rationale, string? Reviewer = null)
{
    public ReviewClaim ToCommand(string claimId, string actor)
    {
        var errors = new ValidationErrors();
        var verdict = RequestFields.Enum<Verdict>(errors, "verdict", Verdict, required: true);
        errors.ThrowIfAny();
        return new ReviewClaim(claimId, verdict!.Value, Rationale ?? "", string.IsNullOrWhiteSpace(Reviewer) ? actor : Reviewer);
    }
}

public sealed record RetractClaimRequest(string? Reason)
{
    public RetractClaim ToCommand(string claimId) => new(claimId, Reason ?? "");
}

internal static class ClaimParts
{
    public static AsOf? AsOf(ValidationErrors errors, string field, AsOfRequest request)
    {
        var date = request.Date is null ? PartialDate.Unknown : RequestFields.OptionalDate(errors, $"{field}.date", request.Date);
        var since = RequestFields.OptionalDate(errors, $"{field}.since", request.Since);
        return date is { } known ? new AsOf(known, since, request.Text, request.Note) : null;
    }

    public static IReadOnlyList<AttributionLink> Attribution(ValidationErrors errors, IReadOnlyList<AttributionRequest?> links)
    {
        var result = new List<AttributionLink>();
        for (var i = 0; i < links.Count; i++)
        {
            var field = $"attribution[{i}]";
            if (links[i] is not { } link)
            {
                errors.Add(field, "An attribution link must be an object with a name and a role.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(link.Name))
            {
                errors.Add($"{field}.name", "A name is required.");
            }

            var role = RequestFields.Enum<AttributionRole>(errors, $"{field}.role", link.Role, required: true);
            if (role is { } known && !string.IsNullOrWhiteSpace(link.Name))
            {
                result.Add(new AttributionLink(link.Name.Trim(), known));
            }
        }

        return result;
    }

    public static QuoteSpan? Quote(ValidationErrors errors, string field, QuoteRequest? quote)
    {
        if (quote is null)
        {
            errors.Add(field, "A quote from the source is required: its text, start and end offsets.");
            return null;
        }

        if (string.IsNullOrEmpty(quote.Text))
        {
            errors.Add($"{field}.text", "The quoted text is required.");
        }

        if (quote.Start is null)
        {
            errors.Add($"{field}.start", "The quote's start offset is required.");
        }

        if (quote.End is null)
        {
            errors.Add($"{field}.end", "The quote's end offset is required.");
        }

        return quote is { Text.Length: > 0, Start: { } start, End: { } end } ? new QuoteSpan(quote.Text, start, end) : null;
    }

    public static IReadOnlyList<QuoteSpan> Quotes(ValidationErrors errors, string field, IReadOnlyList<QuoteRequest?> quotes) =>
        [.. quotes.Select((q, i) => Quote(errors, $"{field}[{i}]", q)).OfType<QuoteSpan>()];

    public static Recorder? Recorder(ValidationErrors errors, RecorderRequest recorder)
    {
        var kind = RequestFields.Enum<RecorderKind>(errors, "recordedBy.kind", recorder.Kind, required: true);
        if (string.IsNullOrWhiteSpace(recorder.Name))
        {
            errors.Add("recordedBy.name", "A name is required.");
            return null;
        }

        return kind is { } known ? new Recorder(known, recorder.Name.Trim(), recorder.Version) : null;
    }
}
