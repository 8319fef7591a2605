using Grpc.Core;
using Involvement.Reporting.Metrics;
using Involvement.Reporting.Subscriptions;

namespace Involvement.UnitTests.Reporting;

public sealed class ChangeFeedSubscriberTests
{
    private static StoredFigure Figure(string metric, long sequence) =>
        new(metric, 2026, 1, "", "", "shown", "5", 5, true, sequence);

    [Fact]
    public void A_subscriber_gets_only_what_its_query_covers_in_order()
    {
        using var subscriber = new MetricChangeFeed.Subscriber(f => f.Metric == "a.x", feed: null);
        subscriber.Offer([Figure("a.x", 1), Figure("b.y", 2), Figure("a.x", 3)]);
        subscriber.Offer([Figure("b.y", 4)]);   // nothing it covers: no empty batch

        Assert.True(subscriber.Changes.TryRead(out var batch));
        Assert.Equal([1L, 3L], batch.Select(f => f.Sequence));
        Assert.False(subscriber.Changes.TryRead(out _));
    }

    [Fact]
    public async Task A_subscriber_that_falls_too_far_behind_is_dropped_with_a_clear_status_after_what_it_had()
    {
        var subscriber = new MetricChangeFeed.Subscriber(_ => true, feed: null);
        for (var i = 1; i <= MetricChangeFeed.SubscriberBacklog + 1; i++)
        {
            subscriber.Offer([Figure("a.x", i)]);   // the last one does not fit: the subscriber is dropped, the offer returns at once
        }

        var read = 0;
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in subscriber.Changes.ReadAllAsync())
            {
                read++;
            }
        });
        Assert.Equal(MetricChangeFeed.SubscriberBacklog, read);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("resume_after", ex.Status.Detail, StringComparison.Ordinal);
    }
}
