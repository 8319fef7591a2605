using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Matching;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Equality;

/// <summary>
/// Counts equality answers, never reading one person's: the pool (applicants, active, paused) and the members who
/// attended a session in the current NHS quarter, per question and answer, with prefer-not-to-say and unanswered
/// kept apart, and publishes them as <see cref="EqualitySnapshot"/>.
/// </summary>
public sealed class EqualitySnapshots(TimeProvider clock)
{
    public const string Unanswered = "UNANSWERED";

    // Stored answers use proto JSON names; the snapshot names questions by field name.
    private static readonly string[] Questions = [.. EqualityGroups.QuestionByJsonName.Values];
    private static readonly string[] JsonNames = [.. EqualityGroups.QuestionByJsonName.Keys];

    /// <summary>Takes a snapshot and publishes it; the event is also what the caller reports back.</summary>
    public async Task<EqualitySnapshot> TakeAsync(UnitOfWork unit, bool scheduled)
    {
        var now = clock.GetUtcNowForDatabase();
        var today = clock.Today();
        var (start, end) = FinancialYear.Of(today).Quarter(FinancialYear.QuarterOf(today));
        var version = await unit.QuerySingleOrDefaultAsync<long>(
            "insert into equality_snapshots (taken_at, scheduled, period_start, period_end) values (@now, @scheduled, @start, @end) returning version",
            new { now = now.UtcDateTime, scheduled, start, end });
        var counts = (await unit.QueryAsync<Row>(
            """
            with pool as (
                select m.member_id, e.answers,
                       exists (select 1 from attendance a join opportunity_sessions s using (session_id)
                               where a.member_id = m.member_id and a.attended
                                 and (s.starts_at at time zone 'Europe/London')::date between @start and @end) as involved
                from members m left join equality_monitoring e using (member_id)
                where m.status in ('applicant', 'active', 'paused') and m.erased_at is null)
            select q.question, coalesce(p.answers->>q.json_name, @unanswered) as answer,
                   count(*)::int as pool, (count(*) filter (where p.involved))::int as involved
            from pool p cross join unnest(@questions, @jsonNames) as q(question, json_name)
            group by 1, 2 order by 1, 2
            """,
            new { start, end, unanswered = Unanswered, questions = Questions, jsonNames = JsonNames })).ToList();
        var totals = await unit.QuerySingleOrDefaultAsync<(int Pool, int Involved)>(
            """
            select count(*)::int, (count(*) filter (where exists (
                select 1 from attendance a join opportunity_sessions s using (session_id)
                where a.member_id = m.member_id and a.attended and (s.starts_at at time zone 'Europe/London')::date between @start and @end)))::int
            from members m where m.status in ('applicant', 'active', 'paused') and m.erased_at is null
            """,
            new { start, end });

        var pool = counts.Select(c => new EqualityAnswerCount(c.Question, c.Answer, c.Pool)).ToList();
        var involved = counts.Where(c => c.Involved > 0).Select(c => new EqualityAnswerCount(c.Question, c.Answer, c.Involved)).ToList();
        var snapshot = new EqualitySnapshot(Guid.CreateVersion7(now), now, version, start, end, totals.Pool, totals.Involved, pool, involved);
        await unit.PublishAsync(snapshot);
        return snapshot;
    }

    /// <summary>
    /// Takes the scheduled snapshot if none was taken within <paramref name="interval"/>. A transaction-scoped
    /// advisory lock makes replicas take turns, so one interval gives one snapshot however many run.
    /// </summary>
    public async Task<bool> TakeIfDueAsync(UnitOfWork unit, TimeSpan interval)
    {
        await unit.ExecuteAsync("select pg_advisory_xact_lock(hashtext('equality_snapshots'))");
        var last = await unit.QuerySingleOrDefaultAsync<DateTime?>("select max(taken_at) from equality_snapshots where scheduled");
        if (last is { } at && clock.GetUtcNow() - new DateTimeOffset(at, TimeSpan.Zero) < interval)
        {
            return false;
        }

        await TakeAsync(unit, scheduled: true);
        return true;
    }

    private sealed record Row(string Question, string Answer, int Pool, int Involved);
}
