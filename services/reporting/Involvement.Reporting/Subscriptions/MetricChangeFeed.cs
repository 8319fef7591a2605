using System.Threading.Channels;
using Involvement.Reporting.Metrics;
using Microsoft.Extensions.Options;

namespace Involvement.Reporting.Subscriptions;

/// <summary>
/// One poller per process for every WatchMetrics call: it reads the figures changed since the last round
/// (<see cref="MetricValueStore.ChangedSinceAsync"/>) every <see cref="ReportingOptions.RefreshInterval"/>, at once
/// when this process's refresher changed figures, and hands each subscriber the changes its query covers through a
/// bounded channel. A subscriber that falls <see cref="SubscriberBacklog"/> batches behind is dropped (its stream ends
/// with RESOURCE_EXHAUSTED; it reconnects with the last sequence it received), so a slow reader never holds the others
/// or the poller. Only published figures (metric_values) pass through here.
/// </summary>
public sealed partial class MetricChangeFeed(
    MetricValueStore store,
    WatchedFigures watched,
    MetricsRefresher refresher,
    IOptions<ReportingOptions> options,
    ILogger<MetricChangeFeed> logger) : BackgroundService
{
    public const int SubscriberBacklog = 256;
    private const int PageSize = 5000;

    private readonly Lock _lock = new();
    private readonly HashSet<Subscriber> _subscribers = [];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _last;

    /// <summary>How many subscribers are connected (metrics and tests).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>
    /// Starts delivering changes read after this call to a new subscriber. Changes already committed may be delivered
    /// too: the caller drops figures no newer than what it read itself.
    /// </summary>
    public async Task<Subscriber> SubscribeAsync(Func<StoredFigure, bool> covers, CancellationToken cancellationToken)
    {
        await _started.Task.WaitAsync(cancellationToken);
        var subscriber = new Subscriber(covers, this);
        lock (_lock)
        {
            _subscribers.Add(subscriber);
        }

        return subscriber;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _last = await watched.HighestSequenceAsync(stoppingToken);
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, e);
                await Task.Delay(options.Value.RefreshInterval, stoppingToken);
            }
        }

        _started.TrySetResult();
        refresher.FiguresChanged += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(options.Value.RefreshInterval, stoppingToken);
                try
                {
                    await PollAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogPollFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            refresher.FiguresChanged -= Wake;
            Subscriber[] all;
            lock (_lock)
            {
                all = [.. _subscribers];
                _subscribers.Clear();
            }

            foreach (var s in all)
            {
                s.Close(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable,
                    "The reporting service is stopping; reconnect with resume_after set to the last sequence received.")));
            }
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already woken
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = await store.ChangedSinceAsync(_last, PageSize, cancellationToken);
            if (changed.Count == 0)
            {
                return;
            }

            _last = changed[^1].Sequence;
            Subscriber[] all;
            lock (_lock)
            {
                all = [.. _subscribers];
            }

            foreach (var subscriber in all)
            {
                subscriber.Offer(changed);
            }

            if (changed.Count < PageSize)
            {
                return;
            }
        }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscriber);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading changed figures for WatchMetrics failed; the next round tries again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    /// <summary>One WatchMetrics call's view of the feed.</summary>
    public sealed class Subscriber : IDisposable
    {
        private readonly Func<StoredFigure, bool> _covers;
        private readonly MetricChangeFeed? _feed;
        private readonly Channel<IReadOnlyList<StoredFigure>> _channel =
            Channel.CreateBounded<IReadOnlyList<StoredFigure>>(new BoundedChannelOptions(SubscriberBacklog) { SingleReader = true, SingleWriter = true });

        /// <param name="feed">The feed it leaves when dropped or disposed; null outside one (a test).</param>
        public Subscriber(Func<StoredFigure, bool> covers, MetricChangeFeed? feed)
        {
            _covers = covers;
            _feed = feed;
        }

        /// <summary>Batches of changed figures this subscriber's query covers, oldest first.</summary>
        public ChannelReader<IReadOnlyList<StoredFigure>> Changes => _channel.Reader;

        /// <summary>Queues the changes this subscriber covers; drops the subscriber when its queue is full.</summary>
        public void Offer(IReadOnlyList<StoredFigure> changed)
        {
            var mine = changed.Where(_covers).ToList();
            if (mine.Count > 0 && !_channel.Writer.TryWrite(mine))
            {
                Close(new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.ResourceExhausted,
                    $"This subscriber fell {SubscriberBacklog} updates behind and was dropped; reconnect with resume_after set to the last sequence received.")));
            }
        }

        internal void Close(Exception reason)
        {
            _feed?.Remove(this);
            _channel.Writer.TryComplete(reason);
        }

        public void Dispose()
        {
            _feed?.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}
