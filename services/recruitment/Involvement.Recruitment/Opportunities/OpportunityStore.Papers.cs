using Involvement.BuildingBlocks.Time;
using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Opportunities;

/// <summary>Papers for each session: when they went out, and which are late (4PI Process: well in advance).</summary>
public sealed partial class OpportunityStore
{
    public const string LatePapersTokenList = "late-papers";

    public async Task<Opportunity> RecordPapersSentAsync(UnitOfWork unit, Guid opportunityId, Guid sessionId, DateTimeOffset sentAt, string? actingLead)
    {
        var opportunity = await LockForDecisionAsync(unit, opportunityId, actingLead);
        EnsureOpen(StatusCode(opportunity.Status), "given papers");
        var session = opportunity.Sessions.FirstOrDefault(s => s.SessionId == sessionId.ToString())
            ?? throw new NotFoundException($"Opportunity {opportunityId} has no session {sessionId}.");
        if (opportunity.PublishedAt is { } published && sentAt < published.ToDateTimeOffset())
        {
            throw new ConflictException($"Papers cannot have gone out before the opportunity was published ({published.ToDateTimeOffset():u}).");
        }

        if (session.PapersSentAt is not null)
        {
            throw new AlreadyExistsException($"Papers for this session were recorded as sent at {session.PapersSentAt.ToDateTimeOffset():u}.");
        }

        await unit.ExecuteAsync("update opportunity_sessions set papers_sent_at = @sentAt where session_id = @sessionId",
            new { sessionId, sentAt = sentAt.UtcDateTime });
        await unit.ExecuteAsync("update opportunities set version = version + 1 where opportunity_id = @opportunityId", new { opportunityId });
        var now = clock.GetUtcNowForDatabase();
        var dueOn = ProtoDates.ToDateOnly(session.PapersDueOn);
        await unit.PublishAsync(new PapersSent(Guid.CreateVersion7(now), now, opportunity.Version + 1, opportunityId, sessionId, dueOn, sentAt,
            OnTime: UkTime.DateOf(sentAt) <= dueOn));
        return await ReadAsync(unit, opportunityId);
    }

    /// <summary>
    /// Sessions of published opportunities whose papers are late: due before today and still not sent for a session
    /// yet to start, or sent after they were due. In the order the sessions were created.
    /// </summary>
    public async Task<Page<LatePapers>> ListLatePapersAsync(string? owner, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(Guid OpportunityId, Guid SessionId)>(
            """
            select s.opportunity_id, s.session_id from opportunity_sessions s join opportunities o using (opportunity_id)
            where o.status = 'published' and (@owner::text is null or o.owner = @owner)
              and (@after::uuid is null or s.session_id > @after)
              and ((s.papers_sent_at is null and s.papers_due_on < @today and s.starts_at > @now)
                   or (s.papers_sent_at at time zone 'Europe/London')::date > s.papers_due_on)
            order by s.session_id limit @limit
            """,
            new { owner, after, today = clock.Today(), now = clock.GetUtcNow().UtcDateTime, limit = pageSize + 1 })).AsList();
        var page = Page.Of(rows, pageSize, LatePapersTokenList, r => r.SessionId);
        var opportunities = (await ReadManyAsync(connection, null, [.. page.Items.Select(r => r.OpportunityId).Distinct()]))
            .ToDictionary(o => o.OpportunityId);
        return page.Select(r =>
        {
            var o = opportunities[r.OpportunityId.ToString()];
            return new LatePapers
            {
                OpportunityId = o.OpportunityId, Title = o.Content.Title, Owner = o.Owner,
                Session = o.Sessions.Single(s => s.SessionId == r.SessionId.ToString()),
            };
        });
    }
}
