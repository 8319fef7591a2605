extern alias PaymentsHost;

using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Involvement.FunctionalTests.Payments.Payees;

/// <summary>Bank details never reach a log line, a span or an error, whether the request is good or bad.</summary>
public sealed class BankDetailsDisclosureTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>, IDisposable
{
    private const string SortCode = "918273";
    private const string AccountNumber = "64738291";
    private const string AccountName = "Zebedee Quux";
    private readonly ConcurrentQueue<string> _written = new();
    private readonly ActivityListener _spans = new();

    [Fact]
    public async Task Setting_reading_refusing_and_rotating_bank_details_leaves_no_trace_of_them()
    {
        fixture.Services.GetRequiredService<ILoggerFactory>().AddProvider(new CapturingProvider(_written));
        _spans.ShouldListenTo = _ => true;
        _spans.Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded;
        _spans.ActivityStopped = span => _written.Enqueue(string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}"))).Append(span.StatusDescription ?? "").Append(span.DisplayName)));
        ActivitySource.AddActivityListener(_spans);
        var memberId = await fixture.KnownMemberAsync("Disclosure Test");
        var payees = new PayeeService.PayeeServiceClient(fixture.Calls(Roles.Member, memberId));
        var errors = new List<string>();

        await payees.SetBankDetailsAsync(new SetBankDetailsRequest
        {
            MemberId = memberId, ExpectedVersion = 1, SortCode = SortCode, AccountNumber = AccountNumber, AccountName = AccountName,
        });
        foreach (var bad in new[]
        {
            new SetBankDetailsRequest { MemberId = memberId, ExpectedVersion = 2, SortCode = SortCode[..5], AccountNumber = AccountNumber[..7], AccountName = AccountName },
            new SetBankDetailsRequest { MemberId = memberId, ExpectedVersion = 1, SortCode = SortCode, AccountNumber = AccountNumber, AccountName = AccountName },
            new SetBankDetailsRequest { MemberId = Guid.NewGuid().ToString(), ExpectedVersion = 1, SortCode = SortCode, AccountNumber = AccountNumber, AccountName = AccountName },
        })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => payees.SetBankDetailsAsync(bad).ResponseAsync);
            errors.Add(ex.Status.Detail + ex.Trailers.ToString());
        }

        await payees.GetPayeeAsync(new GetPayeeRequest { MemberId = memberId });
        await new PayeeService.PayeeServiceClient(fixture.Calls(Roles.Finance)).RotateBankDetailsKeyAsync(new RotateBankDetailsKeyRequest());

        Assert.Equal(3, errors.Count);
        Assert.NotEmpty(_written);
        foreach (var text in _written.Concat(errors))
        {
            Assert.DoesNotContain(AccountNumber[..7], text, StringComparison.Ordinal);
            Assert.DoesNotContain(SortCode[..5], text, StringComparison.Ordinal);
            Assert.DoesNotContain(AccountName, text, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _spans.Dispose();

    private sealed class CapturingProvider(ConcurrentQueue<string> written) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(written);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> written) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                written.Enqueue(state.ToString() ?? "");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                written.Enqueue($"{formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
