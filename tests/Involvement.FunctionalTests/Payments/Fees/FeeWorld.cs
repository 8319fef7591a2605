using Dapper;
using Google.Type;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts;
using Involvement.Contracts.Recruitment;
using Involvement.Payments.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Payments.Fees;

/// <summary>
/// Rate cards, opportunities, members and attendance for fee tests: cards through the API, the rest as recruitment
/// publishes it (through the fixture's broker). Every test makes its own cards, opportunities and members.
/// </summary>
public sealed class FeeWorld(PaymentsFixture fixture)
{
    public RateCardService.RateCardServiceClient Cards(string? role = Roles.Finance, string subject = "finance-user") =>
        new(fixture.Calls(role, subject));

    public FeeService.FeeServiceClient Fees(string? role = Roles.Finance, string subject = "finance-user") => new(fixture.Calls(role, subject));

    /// <summary>Publishes as recruitment would (the event id is the message id).</summary>
    public async Task PublishAsync<T>(T integrationEvent)
        where T : class, IIntegrationEvent =>
        await (await fixture.ProbeAsync<ParticipationRecorded>()).PublishAsync(integrationEvent);

    /// <summary>Waits until <paramref name="consumer"/> has handled every one of these events.</summary>
    public async Task HandledAsync(string consumer, params Guid[] eventIds) =>
        await Eventually.TrueAsync(async () =>
        {
            await using var db = fixture.OpenDatabase();
            return await db.ExecuteScalarAsync<long>(
                "select count(*) from processed_messages where consumer = @consumer and message_id = any(@eventIds)",
                new { consumer, eventIds = eventIds.Distinct().ToArray() }) == eventIds.Distinct().Count();
        }, what: $"{consumer} to handle {eventIds.Distinct().Count()} events");

    public static Date Day(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    public async Task<RateCard> CardAsync(
        long pence = 2000, RateUnit unit = RateUnit.Session, int cap = 0, DateOnly? from = null, RateCardKind? kind = null, string? reference = null)
    {
        var response = await Cards().CreateRateCardAsync(new CreateRateCardRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            Reference = reference ?? NewReference(),
            Kind = kind ?? (unit switch { RateUnit.Session => RateCardKind.Contributor, RateUnit.None => RateCardKind.Volunteer, _ => RateCardKind.CoProducer }),
            Title = "Contributor rate",
            FirstVersion = new RateTerms { EffectiveFrom = Day(from ?? new DateOnly(2025, 1, 1)), Unit = unit, AmountPence = pence, MonthlyUnitCap = cap },
        });
        return response.RateCard;
    }

    public static string NewReference() => $"RATE-{Guid.NewGuid():N}"[..20];

    public async Task<Guid> MemberAsync()
    {
        var registered = Events.MemberRegistered();
        await fixture.MemberEvents.PublishAsync(registered);
        await HandledAsync("MemberArrivedForFeesConsumer", registered.EventId);
        return registered.MemberId;
    }

    /// <summary>A published opportunity with one session a week from <paramref name="firstSession"/>.</summary>
    public async Task<OpportunityPublished> OpportunityAsync(
        string rateReference, DateTimeOffset firstSession, int sessions = 1, string costCentre = "CC-ONCOLOGY", DateTimeOffset? publishedAt = null)
    {
        var published = Published(rateReference, firstSession, sessions, costCentre, publishedAt);
        await PublishAsync(published);
        await HandledAsync("OpportunityPublishedConsumer", published.EventId);
        return published;
    }

    public static OpportunityPublished Published(
        string rateReference, DateTimeOffset firstSession, int sessions = 1, string costCentre = "CC-ONCOLOGY", DateTimeOffset? publishedAt = null,
        Guid? opportunityId = null) =>
        new(Guid.CreateVersion7(), publishedAt ?? firstSession.AddDays(-30), 3, opportunityId ?? Guid.CreateVersion7(), "Patient panel",
            "panel", null, costCentre, "expert_by_experience", null, rateReference, 4, 1, false, [], 1,
            [.. Enumerable.Range(0, sessions).Select(i => new OpportunitySession(Guid.CreateVersion7(), firstSession.AddDays(7 * i),
                firstSession.AddDays(7 * i).AddHours(3), false, "Board room"))]);

    public static ParticipationRecorded Attended(OpportunityPublished opportunity, int session, Guid memberId, decimal hours = 2, long version = 2) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, ParticipationId(opportunity.Sessions[session].SessionId, memberId),
            opportunity.OpportunityId, opportunity.Sessions[session].SessionId, memberId, opportunity.RoleType, opportunity.RateReference,
            opportunity.Sessions[session].StartsAt, hours);

    public static ParticipationCorrected Corrected(ParticipationRecorded recorded, bool attended, decimal hours, long version) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, version, recorded.ParticipationId, recorded.OpportunityId, recorded.SessionId,
            recorded.MemberId, recorded.RoleType, recorded.RateReference, recorded.SessionStartsAt, attended, attended ? hours : 0, recorded.Hours);

    /// <summary>Stable per member and session, as recruitment derives it.</summary>
    public static Guid ParticipationId(Guid sessionId, Guid memberId)
    {
        var bytes = sessionId.ToByteArray();
        var member = memberId.ToByteArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= member[i];
        }

        return new Guid(bytes);
    }

    public async Task<ParticipationRecorded> AttendAsync(OpportunityPublished opportunity, int session, Guid memberId, decimal hours = 2)
    {
        var recorded = Attended(opportunity, session, memberId, hours);
        await PublishAsync(recorded);
        await HandledAsync("ParticipationRecordedConsumer", recorded.EventId);
        return recorded;
    }

    public async Task<IReadOnlyList<FeeLine>> LinesAsync(Guid memberId)
    {
        var lines = new List<FeeLine>();
        var token = "";
        do
        {
            var page = await Fees().ListFeeLinesAsync(new ListFeeLinesRequest { MemberId = memberId.ToString(), PageToken = token });
            lines.AddRange(page.FeeLines);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return [.. lines.OrderBy(l => l.SessionStartsAt.ToDateTimeOffset()).ThenBy(l => l.Adjustment)];
    }

    public async Task<FeeLine> LineAsync(ParticipationRecorded recorded, int adjustment = 0) =>
        (await LinesAsync(recorded.MemberId)).Single(l => l.ParticipationId == recorded.ParticipationId.ToString() && l.Adjustment == adjustment);

    /// <summary>Puts a line in a claim in the given state, as the claims area would (its own API is not part of these tests).</summary>
    public async Task<Guid> ClaimAsync(Guid memberId, string state, params Guid[] participationIds)
    {
        var claimId = Guid.CreateVersion7();
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into claims (claim_id, reference, member_id, state, created_at, created_by, version)
            values (@claimId, 'C-' || nextval('claim_numbers'), @memberId, @state, now(), 'test', 1);
            update fee_lines set claim_id = @claimId where participation_id = any(@participationIds) and adjustment = 0;
            """,
            new { claimId, memberId, state, participationIds });
        return claimId;
    }

    /// <summary>Sets how the member wants to be paid, as the payees area would.</summary>
    public async Task PreferAsync(Guid memberId, string preference)
    {
        await using var db = fixture.OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into payees (member_id, preference, version, updated_at, updated_by) values (@memberId, @preference, 1, now(), 'test')
            on conflict (member_id) do update set preference = excluded.preference
            """,
            new { memberId, preference });
    }
}
