using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class DataProtectionTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private DataProtectionService.DataProtectionServiceClient DataProtection(string? role = Roles.PpiTeam, string subject = "test-user") =>
        new(fixture.Calls(role, subject));

    private EqualityMonitoringService.EqualityMonitoringServiceClient Equality() => new(fixture.Calls(Roles.PpiTeam));

    [Fact]
    public async Task A_member_can_see_everything_held_on_them_and_the_equality_read_is_logged()
    {
        var member = await fixture.ActiveMemberAsync();
        await Equality().RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
        {
            MemberId = member.MemberId, Answers = new EqualityAnswers { Sex = Sex.Female, Disability = Answer.Yes },
        });
        var opportunity = await fixture.PublishedOpportunityAsync();
        await new ParticipationService.ParticipationServiceClient(fixture.Calls(Roles.PpiTeam)).ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        });
        await new TrainingRecordService.TrainingRecordServiceClient(fixture.Calls(Roles.PpiTeam)).RecordCompletionByHandAsync(new RecordCompletionByHandRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), MemberId = member.MemberId, ModuleCode = "intro-participation",
            CompletedOn = new Google.Type.Date { Year = 2026, Month = 1, Day = 5 }, Evidence = "Certificate",
        });

        var export = await DataProtection(Roles.Member, member.MemberId).ExportMemberDataAsync(new ExportMemberDataRequest { MemberId = member.MemberId });

        Assert.Equal((member.MemberId, member.GivenName, "amara@example.org"), (export.Member.MemberId, export.Member.GivenName, export.Member.Details.Contact.Email));
        Assert.Equal(2, export.Member.StatusHistory.Count);
        Assert.Equal(Sex.Female, export.EqualityMonitoring.Answers.Sex);
        Assert.Equal(opportunity.OpportunityId, Assert.Single(export.Participation).OpportunityId);
        Assert.Equal("intro-participation", Assert.Single(export.TrainingCompletions).ModuleCode);
        Assert.Contains(export.EqualityAccessLog, e => e.Action == "read" && e.Purpose == "subject access request" && e.AccessedBy == member.MemberId);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => DataProtection(Roles.Member, Guid.NewGuid().ToString())
            .ExportMemberDataAsync(new ExportMemberDataRequest { MemberId = member.MemberId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => DataProtection(Roles.ProjectLead)
            .ExportMemberDataAsync(new ExportMemberDataRequest { MemberId = member.MemberId }).ResponseAsync);
    }

    [Fact]
    public async Task Withdrawing_consent_erases_personal_data_keeps_counts_and_tells_every_service_once()
    {
        var erased = await fixture.ProbeAsync<MemberErased>();
        var statuses = await fixture.ProbeAsync<MemberStatusChanged>();
        var registration = RecruitmentFixture.ValidRequest();
        var member = (await fixture.Client().RegisterMemberAsync(registration)).Member;
        await Equality().RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest { MemberId = member.MemberId, Answers = new EqualityAnswers { Sex = Sex.Male } });

        var remains = (await DataProtection(Roles.Member, member.MemberId).EraseMemberAsync(new EraseMemberRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Basis = ErasureBasis.ConsentWithdrawn,
        })).Member;

        Assert.Equal((MemberErased.ErasedName, "", "", MemberStatus.Left), (remains.DisplayName, remains.Details.Contact.Email, remains.Details.Locality, remains.Status));
        Assert.Empty(remains.Details.Interests);
        Assert.NotNull(remains.ErasedAt);
        Assert.Equal(LivedExperienceType.ServiceUser, remains.LivedExperienceType);   // non-identifying facts stay for counts
        Assert.All(remains.StatusHistory.Take(remains.StatusHistory.Count - 1), h => Assert.Equal("", h.Reason));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Equality().GetEqualityMonitoringAsync(new GetEqualityMonitoringRequest
        {
            MemberId = member.MemberId, Purpose = "check erasure",
        }).ResponseAsync);
        var retry = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => fixture.Client().RegisterMemberAsync(registration).ResponseAsync);
        Assert.DoesNotContain(registration.FamilyName, retry.Status.Detail, StringComparison.Ordinal);
        var e = await erased.WaitForAsync(x => x.MemberId.ToString() == member.MemberId);
        Assert.Equal(("consent_withdrawn", remains.Version), (e.Basis, e.AggregateVersion));
        Assert.Equal("left", (await statuses.WaitForAsync(s => s.MemberId.ToString() == member.MemberId)).Status);
        await fixture.SettledAsync();
        Assert.Single(erased.Received, x => x.MemberId.ToString() == member.MemberId);
        await using var db = fixture.OpenDatabase();
        Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db,
            "select count(*) from outbox_messages where payload->>'memberId' = @id and payload->>'displayName' <> @erased",
            new { id = member.MemberId, erased = MemberErased.ErasedName }));
    }

    [Fact]
    public async Task Erasure_checks_its_request_role_and_version_and_happens_once()
    {
        var member = await fixture.ActiveMemberAsync();
        var erase = new EraseMemberRequest { MemberId = member.MemberId, ExpectedVersion = member.Version, Basis = ErasureBasis.ErasureRequested };

        await RpcAssert.InvalidFields(() => DataProtection().EraseMemberAsync(new EraseMemberRequest { MemberId = "x" }).ResponseAsync,
            "member_id", "expected_version", "basis");
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => DataProtection(Roles.Member, Guid.NewGuid().ToString()).EraseMemberAsync(erase).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => DataProtection(Roles.ReportingConsumer).EraseMemberAsync(erase).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => DataProtection().EraseMemberAsync(new EraseMemberRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version - 1, Basis = ErasureBasis.ErasureRequested,
        }).ResponseAsync);
        var remains = (await DataProtection().EraseMemberAsync(erase)).Member;
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => DataProtection().EraseMemberAsync(new EraseMemberRequest
        {
            MemberId = member.MemberId, ExpectedVersion = remains.Version, Basis = ErasureBasis.ErasureRequested,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => DataProtection().EraseMemberAsync(new EraseMemberRequest
        {
            MemberId = Guid.NewGuid().ToString(), ExpectedVersion = 1, Basis = ErasureBasis.ErasureRequested,
        }).ResponseAsync);
    }
}
