using FactLedger.Api.Problems;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace FactLedger.Api.Tests;

/// <summary>
/// Failures no request can provoke on demand. A write that stays a deadlock's victim after the store's own retries
/// must not come back as an internal error.
/// </summary>
public sealed class ProblemMappingTests
{
    [Theory]
    [InlineData("40P01", "deadlock detected")]
    [InlineData("40001", "could not serialize access due to concurrent update")]
    public void A_write_rolled_back_by_concurrent_writes_is_a_503_that_says_to_send_it_again(string sqlState, string message)
    {
        var problem = ApiExceptionHandler.Describe(new PostgresException(message, "ERROR", "ERROR", sqlState), new DefaultHttpContext());

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.Status);
        Assert.Equal(ApiProblems.ServiceUnavailable, problem.Type);
        Assert.Contains("nothing was stored", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_other_database_error_stays_an_internal_error_with_the_trace_id()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "trace-42" };
        var problem = ApiExceptionHandler.Describe(new PostgresException("internal error", "ERROR", "ERROR", "XX000"), context);

        Assert.Equal(StatusCodes.Status500InternalServerError, problem.Status);
        Assert.Contains("trace-42", problem.Detail, StringComparison.Ordinal);
    }
}
