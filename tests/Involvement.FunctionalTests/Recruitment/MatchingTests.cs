using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class MatchingTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private MatchingService.MatchingServiceClient Matching(string? role = Roles.PpiTeam) => new(fixture.Calls(role));

    /// <summary>An opportunity in a care group of its own, so only this test's members are relevant to it.</summary>
    private async Task<(Opportunity Opportunity, string CareGroup)> OpportunityAsync(params string[] prerequisites)
    {
        var careGroup = "Perinatal " + Guid.NewGuid().ToString("N")[..6];
        var opportunity = await fixture.PublishedOpportunityAsync(c =>
        {
            c.CareGroup = careGroup;
            c.Locality = "Thanet";
            c.Topics.Add("peer support");
            c.TrainingPrerequisites.Add(prerequisites);
        });
        return (opportunity, careGroup);
    }

    private Task<Member> MemberAsync(string? careGroup, string locality = "Thanet", Action<RegisterMemberRequest>? shape = null) =>
        fixture.ActiveMemberAsync(r =>
        {
            r.Details.CareGroup = careGroup ?? "";
            r.Details.Locality = locality;
            r.Details.Interests.Clear();
            r.Details.Interests.Add("peer support");
            shape?.Invoke(r);
        });

    private async Task CompletedAsync(Member member, string module) =>
        await new TrainingRecordService.TrainingRecordServiceClient(fixture.Calls(Roles.PpiTeam)).RecordCompletionByHandAsync(new RecordCompletionByHandRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), MemberId = member.MemberId, ModuleCode = module,
            CompletedOn = new Google.Type.Date { Year = Today.Year - 1, Month = Today.Month, Day = 1 }, Evidence = "Attendance register",
        });

    private Task<MatchMembersResponse> MatchAsync(Opportunity opportunity, int limit = 500) =>
        Matching().MatchMembersAsync(new MatchMembersRequest { OpportunityId = opportunity.OpportunityId, Limit = limit }).ResponseAsync;

    [Fact]
    public async Task Eligible_members_are_ranked_with_reasons_and_relevant_ineligible_ones_are_listed_with_theirs()
    {
        var (opportunity, careGroup) = await OpportunityAsync("peer-support-basics");
        var best = await MemberAsync(careGroup);
        var next = await MemberAsync(null);
        var untrained = await MemberAsync(careGroup);
        var applicant = (await fixture.Client().RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;
        await CompletedAsync(best, "peer-support-basics");
        await CompletedAsync(next, "Peer-Support-Basics");

        var result = await MatchAsync(opportunity);

        var ours = result.Candidates.Where(c => c.MemberId == best.MemberId || c.MemberId == next.MemberId).ToList();
        Assert.Equal([best.MemberId, next.MemberId], ours.Select(c => c.MemberId));
        Assert.Equal(["care_group", "locality", "interests", "fairness"], ours[0].Reasons.Select(r => r.Factor));
        Assert.Equal(ours[0].Score, ours[0].Reasons.Sum(r => r.Points));
        Assert.True(ours[0].Rank < ours[1].Rank);
        var excluded = Assert.Single(result.Excluded, e => e.MemberId == untrained.MemberId);
        Assert.Equal("prerequisite_missing", Assert.Single(excluded.Reasons).Code);
        Assert.DoesNotContain(result.Candidates, c => c.MemberId == applicant.MemberId || c.MemberId == untrained.MemberId);
        Assert.Contains(result.ExclusionCounts, c => c.Code == "not_active" && c.Members >= 1);
        Assert.Equal(result, await MatchAsync(opportunity));   // the same data gives the same answer
    }

    [Fact]
    public async Task A_match_sees_every_change_committed_before_it()
    {
        var (opportunity, careGroup) = await OpportunityAsync();
        var member = await MemberAsync(careGroup);
        Assert.Null((await MatchAsync(opportunity)).Candidates.Single(c => c.MemberId == member.MemberId).LastInvolvedOn);

        var participation = new ParticipationService.ParticipationServiceClient(fixture.Calls(Roles.PpiTeam));
        var p = (await participation.ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = member.MemberId,
        })).Participant;
        await participation.DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = p.OpportunityId, MemberId = p.MemberId, ExpectedVersion = p.Version, Decision = Decision.Selected, Reason = "Lived experience of the service",
        });
        await participation.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = member.MemberId, Attended = true, Hours = 3,
        });

        var after = (await MatchAsync(opportunity)).Candidates.Single(c => c.MemberId == member.MemberId);
        Assert.NotNull(after.LastInvolvedOn);
        Assert.Equal(0, after.Reasons.Single(r => r.Factor == "fairness").Points);

        var paused = (await fixture.Client().GetMemberAsync(new GetMemberRequest { MemberId = member.MemberId })).Member;
        await fixture.Client().ChangeMemberStatusAsync(new ChangeMemberStatusRequest
        {
            MemberId = member.MemberId, ExpectedVersion = paused.Version, Status = MemberStatus.Paused, Reason = "A break for a few months",
        });
        var excluded = (await MatchAsync(opportunity)).Excluded.Single(e => e.MemberId == member.MemberId);
        Assert.Equal("not_active", excluded.Reasons.Single().Code);
    }

    [Fact]
    public async Task Outreach_widens_the_list_with_consenting_members_of_under_represented_groups_and_says_so()
    {
        var (opportunity, careGroup) = await OpportunityAsync();
        var ranked = new[] { await MemberAsync(careGroup), await MemberAsync(careGroup) };
        var consenting = await MemberAsync(null, locality: "Dover", r => r.Details.Interests.Clear());
        var notConsenting = await MemberAsync(null, locality: "Dover", r => r.Details.Interests.Clear());
        var equality = new EqualityMonitoringService.EqualityMonitoringServiceClient(fixture.Calls(Roles.PpiTeam));
        foreach (var (member, consent) in new[] { (consenting, true), (notConsenting, false) })
        {
            await equality.RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
            {
                MemberId = member.MemberId, ConsentToOutreach = consent, Answers = new EqualityAnswers { EthnicCategory = EthnicCategory.RChinese },
            });
        }

        foreach (var member in ranked)
        {
            await equality.RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
            {
                MemberId = member.MemberId, Answers = new EqualityAnswers { EthnicCategory = EthnicCategory.AWhiteBritish },
            });
        }

        var result = await MatchAsync(opportunity, limit: 2);

        Assert.Equal(ranked.Select(m => m.MemberId).Order(), result.Candidates.Where(c => !c.ThroughOutreach).Select(c => c.MemberId).Order());
        var added = Assert.Single(result.Candidates, c => c.ThroughOutreach);
        Assert.Equal((consenting.MemberId, 3), (added.MemberId, added.Rank));
        Assert.Contains("positive action", added.OutreachExplanation, StringComparison.Ordinal);
        Assert.True(result.Outreach.Applied);
        var group = Assert.Single(result.Outreach.Groups);
        Assert.Equal(("ethnic_category", RecruitmentFixture.UnderRepresentedAnswer, 95.0), (group.Question, group.Answer, group.PopulationPercent));
        Assert.DoesNotContain(result.Candidates, c => c.MemberId == notConsenting.MemberId);
    }

    [Fact]
    public async Task Matching_is_for_the_ppi_team_and_checks_its_input()
    {
        var (opportunity, _) = await OpportunityAsync();

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Matching(Roles.ProjectLead).MatchMembersAsync(
            new MatchMembersRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Matching(Roles.Member).MatchMembersAsync(
            new MatchMembersRequest { OpportunityId = opportunity.OpportunityId }).ResponseAsync);
        await RpcAssert.InvalidFields(() => Matching().MatchMembersAsync(new MatchMembersRequest { OpportunityId = "x", Limit = 501 }).ResponseAsync,
            "opportunity_id", "limit");
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Matching().MatchMembersAsync(
            new MatchMembersRequest { OpportunityId = Guid.NewGuid().ToString() }).ResponseAsync);
    }
}
