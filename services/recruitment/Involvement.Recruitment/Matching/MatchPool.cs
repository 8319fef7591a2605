using Involvement.BuildingBlocks.Data;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// The pool as matching sees it, held in memory column-wise so a match over 100,000 members takes milliseconds. Before
/// each match it catches up with the database (<see cref="PoolLoader"/>), so a match always sees every change committed
/// before it began. Matches that arrive while a catch-up is under way share the next one instead of each making its own.
/// </summary>
public sealed class MatchPool(Db db) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly PoolColumnsWriter _writer = new();
    private PoolColumns? _current;
    private string? _watermark;
    private long _arrivals;
    private long _servedUpTo;

    public async Task<PoolColumns> CurrentAsync(CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Increment(ref _arrivals);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is not null && _servedUpTo >= ticket)
            {
                return _current;   // a catch-up that began after this call arrived has finished: it saw all this call must see
            }

            var arrived = Interlocked.Read(ref _arrivals);
            var (watermark, changes) = await PoolLoader.ReadAsync(db.DataSource, _watermark, cancellationToken);
            if (_current is null || changes.Count > 0)
            {
                _current = _writer.Apply(changes);
            }

            _watermark = watermark;
            _servedUpTo = arrived;
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
