using Involvement.Contracts.Recruitment;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Requests;

/// <summary>Involvement requests: submitted by a project team, assessed once by the PPI team, then answered by opportunities.</summary>
public sealed class InvolvementRequestStore(Db db, TimeProvider clock)
{
    public const string TokenList = "involvement-requests";

    private const string Select =
        """
        select r.request_id, r.content::text as content, r.status, r.assessment::text as assessment, r.submitted_by, r.submitted_at, r.version,
            array(select o.opportunity_id from opportunities o where o.content->>'involvementRequestId' = r.request_id::text order by o.opportunity_id) as opportunity_ids
        from involvement_requests r
        """;

    public async Task<InvolvementRequest> SubmitAsync(UnitOfWork unit, InvolvementRequestContent content, string actor)
    {
        var now = clock.GetUtcNowForDatabase();
        var id = Guid.CreateVersion7(now);
        await unit.ExecuteAsync(
            """
            insert into involvement_requests (request_id, content, status, submitted_by, submitted_at, version)
            values (@id, @content::jsonb, @status, @actor, @now, 1)
            """,
            new { id, content = ProtoJson.Format(content), status = Codes.Of(RequestStatus.Submitted), actor, now = now.UtcDateTime });
        await unit.PublishAsync(new InvolvementRequestSubmitted(Guid.CreateVersion7(now), now, 1, id, now));
        return await ReadAsync(unit, id);
    }

    public async Task<InvolvementRequest> AssessAsync(UnitOfWork unit, Guid requestId, long expectedVersion, Assessment assessment)
    {
        var current = await unit.QuerySingleOrDefaultAsync<(string Status, long Version, DateTime SubmittedAt)?>(
            "select status, version, submitted_at from involvement_requests where request_id = @requestId for update", new { requestId })
            ?? throw NotFound(requestId);
        Versions.EnsureCurrent("Involvement request", requestId, current.Version, expectedVersion);
        if (current.Status != Codes.Of(RequestStatus.Submitted))
        {
            throw new ConflictException($"The request has already been assessed ({current.Status}).");
        }

        var now = clock.GetUtcNowForDatabase();
        assessment.AssessedAt = Timestamp.FromDateTimeOffset(now);
        await unit.ExecuteAsync(
            "update involvement_requests set status = @status, assessment = @assessment::jsonb, version = version + 1 where request_id = @requestId",
            new { requestId, status = Codes.Of(assessment.Approve ? RequestStatus.Approved : RequestStatus.Declined), assessment = ProtoJson.Format(assessment) });
        await unit.PublishAsync(new InvolvementRequestAssessed(Guid.CreateVersion7(now), now, current.Version + 1, requestId, assessment.Approve,
            CodeNames.Of(assessment.RecommendedRung), new DateTimeOffset(current.SubmittedAt, TimeSpan.Zero)));
        return await ReadAsync(unit, requestId);
    }

    /// <summary>An opportunity may answer only an approved request.</summary>
    public static async Task EnsureApprovedAsync(UnitOfWork unit, Guid requestId)
    {
        var status = await unit.QuerySingleOrDefaultAsync<string?>("select status from involvement_requests where request_id = @requestId", new { requestId });
        if (status != Codes.Of(RequestStatus.Approved))
        {
            throw new ConflictException(status is null
                ? $"No involvement request has id {requestId}."
                : $"Involvement request {requestId} is {status}; opportunities are made from approved requests only.");
        }
    }

    public Task<InvolvementRequest> GetAsync(Guid requestId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(unit => ReadAsync(unit, requestId), cancellationToken);

    public async Task<Page<InvolvementRequest>> ListAsync(RequestStatus status, int pageSize, Guid? before, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<RequestRow>(
            $"""
            {Select}
            where (@before::uuid is null or r.request_id < @before) and (@status::text is null or r.status = @status)
            order by r.request_id desc limit @limit
            """,
            new { before, status = status == RequestStatus.Unspecified ? null : Codes.Of(status), limit = pageSize + 1 }, cancellationToken);
        return Page.Of(rows, pageSize, TokenList, r => r.RequestId).Select(r => r.ToMessage());
    }

    private static async Task<InvolvementRequest> ReadAsync(UnitOfWork unit, Guid requestId) =>
        (await unit.QuerySingleOrDefaultAsync<RequestRow>($"{Select} where r.request_id = @requestId", new { requestId }))?.ToMessage()
        ?? throw NotFound(requestId);

    private static NotFoundException NotFound(Guid requestId) => new($"No involvement request has id {requestId}.");

    private sealed class RequestRow
    {
        public Guid RequestId { get; init; }
        public string Content { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Assessment { get; init; }
        public string SubmittedBy { get; init; } = "";
        public DateTime SubmittedAt { get; init; }
        public long Version { get; init; }
        public Guid[] OpportunityIds { get; init; } = [];

        public InvolvementRequest ToMessage()
        {
            var request = new InvolvementRequest
            {
                RequestId = RequestId.ToString(),
                Content = ProtoJson.Parse<InvolvementRequestContent>(Content),
                Status = Codes.RequestStatusOf(Status),
                Assessment = Assessment is null ? null : ProtoJson.Parse<Assessment>(Assessment),
                SubmittedBy = SubmittedBy,
                SubmittedAt = Timestamp.FromDateTime(SubmittedAt),
                Version = Version,
            };
            request.OpportunityIds.AddRange(OpportunityIds.Select(id => id.ToString()));
            return request;
        }
    }
}
