namespace Involvement.Recruitment.Matching;

/// <summary>
/// The best <c>size</c> members offered, in a heap whose top is the worst of them, so a member who would not make the
/// list costs one comparison. Better means a higher key, then a lower member id: the order is total, so the same pool
/// gives the same list in any order.
/// </summary>
public sealed class TopK(int size)
{
    private readonly (long Key, Guid Id, MatchProfile Member)[] _heap = new (long, Guid, MatchProfile)[Math.Max(size, 0)];
    private int _count;

    public void Offer(long key, in Guid id, MatchProfile member)
    {
        if (_count < _heap.Length)
        {
            _heap[_count] = (key, id, member);
            Up(_count++);
        }
        else if (_count > 0 && (key > _heap[0].Key || (key == _heap[0].Key && id.CompareTo(_heap[0].Id) < 0)))
        {
            _heap[0] = (key, id, member);
            Down(0);
        }
    }

    public List<MatchProfile> BestFirst() =>
        [.. _heap[.._count].Order(Comparer<(long Key, Guid Id, MatchProfile Member)>.Create((a, b) => Worse(b, a) ? -1 : Worse(a, b) ? 1 : 0)).Select(e => e.Member)];

    private static bool Worse((long Key, Guid Id, MatchProfile) a, (long Key, Guid Id, MatchProfile) b) =>
        a.Key < b.Key || (a.Key == b.Key && a.Id.CompareTo(b.Id) > 0);

    private void Up(int i)
    {
        while (i > 0 && Worse(_heap[i], _heap[(i - 1) / 2]))
        {
            (_heap[i], _heap[(i - 1) / 2]) = (_heap[(i - 1) / 2], _heap[i]);
            i = (i - 1) / 2;
        }
    }

    private void Down(int i)
    {
        while (true)
        {
            var worst = i;
            foreach (var child in (ReadOnlySpan<int>)[(2 * i) + 1, (2 * i) + 2])
            {
                if (child < _count && Worse(_heap[child], _heap[worst]))
                {
                    worst = child;
                }
            }

            if (worst == i)
            {
                return;
            }

            (_heap[i], _heap[worst]) = (_heap[worst], _heap[i]);
            i = worst;
        }
    }
}
