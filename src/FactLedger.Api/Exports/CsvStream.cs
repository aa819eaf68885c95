using System.Text;

namespace FactLedger.Api.Exports;

/// <summary>
/// A CSV response written row by row as its rows are read. The first row is read before anything is sent, so a
/// failure to read at all still becomes a problem response rather than a truncated file.
/// </summary>
public sealed class CsvStream(IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        var more = await enumerator.MoveNextAsync();
        httpContext.Response.ContentType = Csv.ContentType;
        await using var writer = new StreamWriter(httpContext.Response.Body, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteAsync(Csv.Line(header).AsMemory(), cancellationToken);
        while (more)
        {
            await writer.WriteAsync(Csv.Line(enumerator.Current).AsMemory(), cancellationToken);
            more = await enumerator.MoveNextAsync();
        }

        await writer.FlushAsync(cancellationToken);
    }
}
