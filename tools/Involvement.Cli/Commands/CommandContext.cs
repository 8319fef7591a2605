using Grpc.Core;
using Involvement.Cli.Connection;
using Involvement.Cli.Output;

namespace Involvement.Cli.Commands;

/// <summary>What a command runs with: its arguments, where its answer and progress go, and channels to the services.</summary>
public sealed class CommandContext(Arguments args, Printer output, Progress progress, CancellationToken cancellation)
{
    public Arguments Args => args;

    public Printer Output => output;

    public Progress Progress => progress;

    public CancellationToken Ct => cancellation;

    /// <summary>Who a development token names; approvals and decisions are recorded against it.</summary>
    public string Subject => args.Get("subject", "involvement-cli");

    public CallInvoker Recruitment(string role) => Client.Authorised(ServiceAddresses.Of(args, "recruitment"), role, Subject);

    public CallInvoker Payments(string role) => Client.Authorised(ServiceAddresses.Of(args, "payments"), role, Subject);

    public CallInvoker Training(string role) => Client.Authorised(ServiceAddresses.Of(args, "training"), role, Subject);

    public CallInvoker Reporting(string role) => Client.Authorised(ServiceAddresses.Of(args, "reporting"), role, Subject);

    /// <summary>An idempotency key: the user's, to make a retry safe, or a new one.</summary>
    public string IdempotencyKey => args.Get("idempotency-key") ?? Guid.NewGuid().ToString();

    /// <summary>
    /// Every page of a list, with a progress line per page after the first; the items in order.
    /// <paramref name="fetch"/> takes a page token and answers the page's items and the next token.
    /// </summary>
    public async Task<List<T>> AllPagesAsync<T>(string noun, Func<string, Task<(Google.Protobuf.Collections.RepeatedField<T> Items, string Next)>> fetch)
    {
        var items = new List<T>();
        var token = "";
        var pages = 0;
        do
        {
            var (page, next) = await fetch(token);
            items.AddRange(page);
            token = next;
            if (++pages > 1 || token.Length > 0)
            {
                progress.Report($"page {pages}: {items.Count} {noun} so far");
            }
        }
        while (token.Length > 0);

        return items;
    }
}
