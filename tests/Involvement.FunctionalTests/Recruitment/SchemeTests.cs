using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;
using Date = Google.Type.Date;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class SchemeTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private SchemeService.SchemeServiceClient Schemes(string? role = Roles.PpiTeam, string subject = "test-user") => new(fixture.Calls(role, subject));

    private static Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    /// <summary>A member who used a service three months ago and may be invited by email.</summary>
    private async Task<Member> NewMemberAsync()
    {
        var request = RecruitmentFixture.ValidRequest();
        request.Details.ServicesUsed[0].LastUsed = D(Today.AddMonths(-3));
        return (await fixture.Client().RegisterMemberAsync(request)).Member;
    }

    private Task<JoinSchemeResponse> JoinAsync(Member member, Scheme scheme, DateOnly? startedOn = null, string? key = null) =>
        Schemes().JoinSchemeAsync(new JoinSchemeRequest
        {
            IdempotencyKey = key ?? Guid.NewGuid().ToString(), MemberId = member.MemberId, Scheme = scheme, StartedOn = startedOn is { } s ? D(s) : null,
        }).ResponseAsync;

    [Fact]
    public async Task Hospital_improver_criteria_are_each_reported_and_joining_waits_until_all_are_met()
    {
        var member = await NewMemberAsync();

        var check = await Schemes().CheckSchemeCriteriaAsync(new CheckSchemeCriteriaRequest { MemberId = member.MemberId, Scheme = Scheme.HospitalImprover });
        Assert.False(check.Eligible);
        Assert.Equal(["code_of_conduct", "equality_monitoring"], check.Criteria.Where(c => !c.Met).Select(c => c.Name));
        Assert.All(check.Criteria, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));

        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => JoinAsync(member, Scheme.HospitalImprover));
        var unmet = refused.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations;
        Assert.Equal(["code_of_conduct", "equality_monitoring"], unmet.Select(v => v.Subject));

        member = (await fixture.Client().AgreeCodeOfConductAsync(new AgreeCodeOfConductRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, CodeVersion = "2026.1",
        })).Member;
        Assert.Equal("2026.1", member.CodeOfConduct.Version);
        await new EqualityMonitoringService.EqualityMonitoringServiceClient(fixture.Calls(Roles.PpiTeam)).RecordEqualityMonitoringAsync(
            new RecordEqualityMonitoringRequest
            {
                MemberId = member.MemberId,
                Answers = new EqualityAnswers { Age = AgeBand.PreferNotToSay, EthnicCategory = EthnicCategory.ZNotStated, Sex = Sex.PreferNotToSay },
            });

        var joined = (await JoinAsync(member, Scheme.HospitalImprover)).Membership;
        Assert.Equal(Scheme.HospitalImprover, joined.Scheme);
        Assert.Equal(D(Today), joined.StartedOn);
        Assert.Null(joined.TenureEndsBy);
    }

    [Fact]
    public async Task A_service_used_more_than_eighteen_months_ago_does_not_qualify()
    {
        var request = RecruitmentFixture.ValidRequest();
        request.Details.ServicesUsed[0].LastUsed = D(Today.AddMonths(-19));
        var member = (await fixture.Client().RegisterMemberAsync(request)).Member;

        var check = await Schemes().CheckSchemeCriteriaAsync(new CheckSchemeCriteriaRequest { MemberId = member.MemberId, Scheme = Scheme.HospitalImprover });

        var recent = check.Criteria.Single(c => c.Name == "recent_service_use");
        Assert.False(recent.Met);
        Assert.Contains("more than 18 months ago", recent.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheme_is_held_once_at_a_time_and_a_retried_join_returns_the_same_membership()
    {
        var member = await NewMemberAsync();

        var first = (await JoinAsync(member, Scheme.Volunteer, key: "join-volunteer-" + member.MemberId)).Membership;
        var retried = (await JoinAsync(member, Scheme.Volunteer, key: "join-volunteer-" + member.MemberId)).Membership;
        Assert.Equal(first, retried);

        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => JoinAsync(member, Scheme.Volunteer));
        var list = (await Schemes().ListMemberSchemesAsync(new ListMemberSchemesRequest { MemberId = member.MemberId })).Memberships;
        Assert.Single(list);
    }

    [Fact]
    public async Task Patient_partner_review_falls_due_at_three_years_and_a_satisfactory_one_opens_three_more()
    {
        var member = await NewMemberAsync();
        var started = Today.AddYears(-3).AddDays(20);   // review due in 20 days
        var membership = (await JoinAsync(member, Scheme.PatientPartner, started)).Membership;
        Assert.Equal(D(started.AddYears(3)), membership.ReviewDueOn);
        Assert.Equal(D(started.AddYears(3).AddDays(-1)), membership.TenureEndsBy);   // UHL 6.8: three years unless reviewed

        var due = (await Schemes().ListPatientPartnerMilestonesDueAsync(new ListPatientPartnerMilestonesDueRequest { WithinDays = 30 })).Milestones
            .Where(m => m.MembershipId == membership.MembershipId).ToList();
        Assert.Equal([(MilestoneKind.Review, false), (MilestoneKind.TenureEnd, false)], due.Select(m => (m.Kind, m.Overdue)).OrderBy(m => m.Kind));

        var reviewed = (await Schemes().RecordPatientPartnerReviewAsync(new RecordPatientPartnerReviewRequest
        {
            MembershipId = membership.MembershipId, ReviewedOn = D(Today), Outcome = "Continue; focus on the quality strategy work streams", Satisfactory = true,
        })).Membership;
        Assert.Equal((D(started.AddYears(6).AddDays(-1)), true), (reviewed.TenureEndsBy, reviewed.ReviewSatisfactory));
        Assert.DoesNotContain((await Schemes().ListPatientPartnerMilestonesDueAsync(new ListPatientPartnerMilestonesDueRequest { WithinDays = 30 })).Milestones,
            m => m.MembershipId == membership.MembershipId);
    }

    [Fact]
    public async Task Without_a_review_by_year_three_the_tenure_ends_there_and_a_late_review_cannot_reopen_it()
    {
        var member = await NewMemberAsync();
        var started = Today.AddYears(-3).AddDays(-20);
        var membership = (await JoinAsync(member, Scheme.PatientPartner, started)).Membership;

        var overdue = (await Schemes().ListPatientPartnerMilestonesDueAsync(new ListPatientPartnerMilestonesDueRequest { WithinDays = 1 })).Milestones
            .Where(m => m.MembershipId == membership.MembershipId).ToList();
        Assert.All(overdue, m => Assert.True(m.Overdue));
        Assert.Contains(overdue, m => m.Kind == MilestoneKind.TenureEnd);
        var late = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Schemes().RecordPatientPartnerReviewAsync(new RecordPatientPartnerReviewRequest
        {
            MembershipId = membership.MembershipId, ReviewedOn = D(Today), Outcome = "Would like to continue", Satisfactory = true,
        }).ResponseAsync);
        Assert.Contains("three years", late.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(member.Status, (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId })).Member.Status);   // only Patient Partner work ends
    }

    [Fact]
    public async Task A_patient_partner_cannot_serve_beyond_six_years_and_start_and_end_are_published_once()
    {
        var started = await fixture.ProbeAsync<SchemeMembershipStarted>();
        var endedEvents = await fixture.ProbeAsync<SchemeMembershipEnded>();
        var member = await NewMemberAsync();
        var startedOn = Today.AddYears(-1);
        var membership = (await JoinAsync(member, Scheme.PatientPartner, startedOn)).Membership;

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Schemes().EndSchemeMembershipAsync(new EndSchemeMembershipRequest
        {
            MembershipId = membership.MembershipId, EndedOn = D(startedOn.AddYears(6)), Reason = "Stayed on",
        }).ResponseAsync);
        Assert.Contains("six years", ex.Status.Detail, StringComparison.Ordinal);

        var ended = (await Schemes().EndSchemeMembershipAsync(new EndSchemeMembershipRequest
        {
            MembershipId = membership.MembershipId, EndedOn = D(Today), Reason = "Stepping down",
        })).Membership;
        Assert.Equal(D(Today), ended.EndedOn);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Schemes().EndSchemeMembershipAsync(new EndSchemeMembershipRequest
        {
            MembershipId = membership.MembershipId, EndedOn = D(Today), Reason = "Again",
        }).ResponseAsync);
        var joined = await started.WaitForAsync(e => e.MembershipId.ToString() == membership.MembershipId);
        Assert.Equal(("patient_partner", startedOn), (joined.Scheme, joined.StartedOn));
        Assert.Equal(Today, (await endedEvents.WaitForAsync(e => e.MembershipId.ToString() == membership.MembershipId)).EndedOn);
        await fixture.SettledAsync();
        Assert.Single(started.Received, e => e.MembershipId.ToString() == membership.MembershipId);
        Assert.Single(endedEvents.Received, e => e.MembershipId.ToString() == membership.MembershipId);
    }

    [Fact]
    public async Task A_member_who_has_left_cannot_join()
    {
        var member = await NewMemberAsync();
        await fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = member.Version, Status = MemberStatus.Left, Reason = "Moved away",
        });

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => JoinAsync(member, Scheme.PeerWorker));
        Assert.Equal("member_in_pool", Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>()!.Violations).Subject);
    }

    [Fact]
    public async Task Bad_input_is_named_field_by_field()
    {
        var member = await NewMemberAsync();

        await RpcAssert.InvalidFields(() => Schemes().JoinSchemeAsync(new JoinSchemeRequest
        {
            MemberId = member.MemberId, Scheme = (Scheme)42, StartedOn = D(Today.AddDays(1)),
        }).ResponseAsync, "idempotency_key", "scheme", "started_on");
        await RpcAssert.InvalidFields(() => Schemes().EndSchemeMembershipAsync(new EndSchemeMembershipRequest
        {
            MembershipId = Guid.NewGuid().ToString(), EndedOn = new Date { Year = 2026, Month = 13, Day = 1 },
        }).ResponseAsync, "ended_on", "reason");
        await RpcAssert.InvalidFields(() => Schemes().ListPatientPartnerMilestonesDueAsync(new ListPatientPartnerMilestonesDueRequest { WithinDays = 1000 }).ResponseAsync,
            "within_days");
    }

    [Fact]
    public async Task A_member_may_check_their_own_eligibility_but_only_the_ppi_team_enrols()
    {
        var member = await NewMemberAsync();
        var self = Schemes(Roles.Member, member.MemberId);

        var check = await self.CheckSchemeCriteriaAsync(new CheckSchemeCriteriaRequest { MemberId = member.MemberId, Scheme = Scheme.HospitalImprover });
        Assert.NotEmpty(check.Criteria);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => self.JoinSchemeAsync(new JoinSchemeRequest
        {
            IdempotencyKey = "self-join", MemberId = member.MemberId, Scheme = Scheme.Volunteer,
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Schemes(Roles.ProjectLead).ListPatientPartnerMilestonesDueAsync(
            new ListPatientPartnerMilestonesDueRequest()).ResponseAsync);
    }
}
