using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Reporting.Subscriptions;
using Involvement.Reporting.V1;

namespace Involvement.Reporting.Metrics;

/// <summary>WatchMetrics: the current figures (or what changed since resume_after), then every change.</summary>
public sealed partial class MetricApi
{
    /// <summary>Figures per message, so a large first answer stays well under the message size limit.</summary>
    public const int FiguresPerMessage = 500;

    public override async Task WatchMetrics(WatchMetricsRequest request, IServerStreamWriter<MetricUpdate> responseStream, ServerCallContext context)
    {
        var v = new RequestValidator();
        var query = ValidMetricQuery.From(catalog, request.MetricCodes, request.Period, request.CareGroup, request.AllCareGroups, clock.Today(), v);
        v.Must(request.ResumeAfter >= 0, "resume_after", "must be 0 for every current figure, or the last sequence received.");
        v.ThrowIfInvalid();

        var cancellationToken = context.CancellationToken;
        // Subscribe first, then read: a change committed in between arrives both ways and is sent once (by sequence).
        using var subscriber = await feed.SubscribeAsync(WatchedFigures.Covers(query), cancellationToken);
        var current = await watched.CurrentAsync(query, request.ResumeAfter, cancellationToken);
        var sent = Math.Max(request.ResumeAfter, current.Count == 0 ? 0 : current.Max(f => f.Sequence));
        // Oldest change first, each message's sequence the highest in it: a client cut off part way resumes from there.
        var chunks = current.Chunk(FiguresPerMessage).ToList();
        for (var i = 0; i < Math.Max(1, chunks.Count); i++)
        {
            var last = i == Math.Max(1, chunks.Count) - 1;
            var update = new MetricUpdate { Sequence = last ? sent : chunks[i][^1].Sequence, CaughtUp = last };
            if (i < chunks.Count)
            {
                update.Figures.AddRange(chunks[i].Select(f => f.ToProto()));
            }

            await responseStream.WriteAsync(update, cancellationToken);
        }

        await foreach (var batch in subscriber.Changes.ReadAllAsync(cancellationToken))
        {
            var fresh = batch.Where(f => f.Sequence > sent).ToList();
            if (fresh.Count == 0)
            {
                continue;
            }

            foreach (var chunk in fresh.Chunk(FiguresPerMessage))
            {
                sent = chunk[^1].Sequence;
                await responseStream.WriteAsync(new MetricUpdate { Figures = { chunk.Select(f => f.ToProto()) }, Sequence = sent }, cancellationToken);
            }
        }
    }
}
