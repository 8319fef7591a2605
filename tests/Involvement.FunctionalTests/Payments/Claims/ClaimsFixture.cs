extern alias PaymentsHost;

using Dapper;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Involvement.TestKit;
using PaymentsHost::Involvement.Payments;
using PaymentsHost::Involvement.Payments.Payees;

namespace Involvement.FunctionalTests.Payments.Claims;

/// <summary>
/// Payments hosted with the claim policy these tests check: caps, thresholds and a receipt threshold of their own
/// (so the shared PaymentsFixture keeps the defaults other areas test against).
/// </summary>
public class ClaimsFixture : ServiceFixture<PayeeApi>
{
    public const long ParkingCapPence = 2000;
    public const long ReceiptThresholdPence = 1000;
    public const long WeeklyThresholdPence = 5000;
    public const long TaxYearThresholdPence = 100_000;
    public const string CostCentre = "CC-PPI-01";

    protected override string ServiceName => "payments_claims";

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Payments:ExpenseCaps:parking"] = ParkingCapPence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Payments:ReceiptThresholdPence"] = ReceiptThresholdPence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Payments:WeeklyFeeThresholdPence"] = WeeklyThresholdPence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Payments:TaxYearFeeThresholdPence"] = TaxYearThresholdPence.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Every line the service logs.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureTestServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(services, Logs);

    public FeeService.FeeServiceClient Fees(string? role = Roles.Finance, string subject = "finance-officer") => new(Calls(role, subject));

    public ClaimService.ClaimServiceClient Claims(string? role = Roles.PpiTeam, string subject = "ppi-officer") => new(Calls(role, subject));

    /// <summary>The client a member uses for their own claims (the token's subject is their member id).</summary>
    public ClaimService.ClaimServiceClient MemberClaims(Guid memberId) => Claims(Roles.Member, memberId.ToString());

    /// <summary>A member payments has heard of from recruitment's MemberRegistered.</summary>
    public async Task<Guid> KnownMemberAsync()
    {
        var registered = Events.MemberRegistered();
        await MemberEvents.PublishAsync(registered);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = OpenDatabase();
            return await db.ExecuteScalarAsync<bool>("select exists (select 1 from known_members where member_id = @MemberId)", new { registered.MemberId });
        }, what: "payments to learn of the member");
        return registered.MemberId;
    }

    /// <summary>
    /// A session of a published opportunity that the member took part in: the opportunity and session as payments'
    /// opportunity consumer records them, and the member's fee line for it as the fee consumer records attendance
    /// (declined, so it never joins a claim by itself; an expense needs only the participation). Written directly, to
    /// keep these tests about claims.
    /// </summary>
    public async Task<Guid> SessionAsync(Guid memberId, DateTimeOffset? startsAt = null, string costCentre = CostCentre)
    {
        var opportunityId = Guid.CreateVersion7();
        var sessionId = Guid.CreateVersion7();
        var starts = startsAt ?? DateTimeOffset.UtcNow.AddDays(-1);
        await using var db = OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into opportunities (opportunity_id, title, kind, cost_centre, rate_reference, role_type, published_on, event_version, updated_at)
            values (@opportunityId, 'Claims test opportunity', 'committee', @costCentre, 'UHL-CONTRIBUTOR', 'co_worker', current_date - 30, 1, now());
            insert into opportunity_sessions (session_id, opportunity_id, starts_at, ends_at) values (@sessionId, @opportunityId, @starts, @ends);
            insert into fee_lines (fee_line_id, participation_id, member_id, opportunity_id, session_id, session_starts_at, session_date, role_type,
                rate_reference, hours, units, amount_pence, cost_centre, state, participation_version, created_at, updated_at)
            values (gen_random_uuid(), gen_random_uuid(), @memberId, @opportunityId, @sessionId, @starts, (@starts at time zone 'Europe/London')::date,
                'co_worker', 'UHL-CONTRIBUTOR', 2, 1, 2000, @costCentre, 'declined', 1, now(), now());
            """,
            new { opportunityId, sessionId, memberId, costCentre, starts = starts.UtcDateTime, ends = starts.AddHours(2).UtcDateTime });
        return sessionId;
    }

    /// <summary>A session of a published opportunity the member has no participation recorded for.</summary>
    public async Task<Guid> SessionNotAttendedAsync()
    {
        var someoneElse = await KnownMemberAsync();
        return await SessionAsync(someoneElse);
    }

    /// <summary>A fee line as payments' fee consumer writes it from ParticipationRecorded (written directly, as above).</summary>
    public async Task<Guid> FeeLineAsync(Guid memberId, long amountPence = 2000, DateOnly? sessionDate = null, string state = "payable", string costCentre = CostCentre)
    {
        var feeLineId = Guid.CreateVersion7();
        var date = sessionDate ?? DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));
        await using var db = OpenDatabase();
        await db.ExecuteAsync(
            """
            insert into fee_lines (fee_line_id, participation_id, member_id, opportunity_id, session_id, session_starts_at, session_date, role_type,
                rate_reference, hours, units, amount_pence, cost_centre, state, hold_reason, participation_version, created_at, updated_at)
            values (@feeLineId, @participationId, @memberId, @opportunityId, @sessionId, @startsAt, @date, 'co_worker',
                'UHL-CONTRIBUTOR', 2, 1, @amountPence, @costCentre, @state, @holdReason, 1, now(), now())
            """,
            new
            {
                feeLineId, participationId = Guid.CreateVersion7(), memberId, opportunityId = Guid.CreateVersion7(), sessionId = Guid.CreateVersion7(),
                startsAt = date.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), date, amountPence, costCentre, state,
                holdReason = state == "held" ? "unknown_rate" : null,
            });
        return feeLineId;
    }

    public async Task<T> QueryScalarAsync<T>(string sql, object args)
    {
        await using var db = OpenDatabase();
        return (await db.ExecuteScalarAsync<T>(sql, args))!;
    }
}
