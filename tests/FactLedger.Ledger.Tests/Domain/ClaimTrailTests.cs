using FactLedger.Ledger.Claims;
using FactLedger.Ledger.Common;
using FactLedger.Ledger.Figures;
using FactLedger.Ledger.Sources;
using static FactLedger.Ledger.Tests.Domain.Fixtures;

namespace FactLedger.Ledger.Tests.Domain;

public class ClaimTrailTests
{
    [Fact]
    public void Context_contains_the_quote_at_the_stated_offsets()
    {
        var text = string.Join(' ', Enumerable.Range(0, 80).Select(i => $"word{i}")) + " 100 juta pengguna aktif " + string.Join(' ', Enumerable.Range(0, 80).Select(i => $"tail{i}"));
        var quote = Quote("100 juta pengguna aktif", text);

        var cut = QuoteInContext.Cut(text, quote, 160);

        Assert.Equal(quote.Text, cut.Context[cut.QuoteStart..cut.QuoteEnd]);
        Assert.Equal((quote.Start, quote.End), (cut.SourceStart, cut.SourceEnd));
        Assert.True(cut.TruncatedBefore);
        Assert.True(cut.TruncatedAfter);
        Assert.InRange(cut.QuoteStart, 1, 160);
        Assert.InRange(cut.Context.Length - cut.QuoteEnd, 1, 160);
        Assert.StartsWith("word", cut.Context);
        Assert.Matches(@"tail\d+$", cut.Context);
        Assert.True(cut.QuoteMatchesText);
    }

    [Fact]
    public void Cuts_fall_on_word_boundaries()
    {
        const string text = "alpha beta gamma QUOTE delta epsilon zeta";
        var cut = QuoteInContext.Cut(text, Quote("QUOTE", text), 8);

        Assert.Equal("gamma QUOTE delta", cut.Context);
        Assert.Equal((6, 11), (cut.QuoteStart, cut.QuoteEnd));
    }

    [Fact]
    public void Short_text_is_kept_whole()
    {
        var cut = QuoteInContext.Cut(ArticleText, Quote("38 juta pengguna aktif bulanan"), 5000);

        Assert.Equal(ArticleText, cut.Context);
        Assert.False(cut.TruncatedBefore || cut.TruncatedAfter);
    }

    [Fact]
    public void Trail_carries_source_attribution_recorder_and_history()
    {
        var asserted = Asserted();
        var view = ClaimView.From([(asserted, new EventInfo(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), "curator", null, 7, 1))], SourceInfo.From(Article()));

        var trail = ClaimTrail.Build(view, ArticleText);

        Assert.Equal("Liputan6.com", trail.Source.Publisher);
        Assert.Equal(DatePrecision.Day, trail.Source.PublishedPrecision);
        Assert.Equal("id", trail.Source.Language);
        Assert.Equal(asserted.Quote.Text, trail.Quote.Context[trail.Quote.QuoteStart..trail.Quote.QuoteEnd]);
        Assert.Equal(asserted.AlsoQuoted[0].Text, trail.AlsoQuoted[0].Context[trail.AlsoQuoted[0].QuoteStart..trail.AlsoQuoted[0].QuoteEnd]);
        Assert.Equal(["Liputan6.com", "Telegram"], trail.Attribution.Select(a => a.Name));
        Assert.Equal(Curator, trail.RecordedBy);
        Assert.Single(trail.History);
    }
}
