using Dapper;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class EqualitySnapshotTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private EqualityMonitoringService.EqualityMonitoringServiceClient Equality(string role = Roles.PpiTeam) => new(fixture.Calls(role));

    private static int Count(IEnumerable<EqualityCount> counts, string question, string answer) =>
        counts.SingleOrDefault(c => c.Question == question && c.Answer == answer)?.Members ?? 0;

    [Fact]
    public async Task A_snapshot_counts_the_pool_and_the_people_involved_by_answer_and_names_no_one()
    {
        var snapshots = await fixture.ProbeAsync<EqualitySnapshot>();
        var before = await Equality().PublishEqualitySnapshotAsync(new PublishEqualitySnapshotRequest());
        var involved = await fixture.ActiveMemberAsync();
        var quiet = await fixture.ActiveMemberAsync();
        await Equality().RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
        {
            MemberId = involved.MemberId, Answers = new EqualityAnswers { Sex = Sex.Female, EthnicCategory = EthnicCategory.HIndian },
        });
        await Equality().RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
        {
            MemberId = quiet.MemberId, Answers = new EqualityAnswers { Sex = Sex.PreferNotToSay },
        });
        var opportunity = await fixture.PublishedOpportunityAsync(c =>
        {
            // A session this quarter: it began two hours ago.
            c.Sessions[0].StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-2));
            c.Sessions[0].EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1));
        });
        var participation = new ParticipationService.ParticipationServiceClient(fixture.Calls(Roles.PpiTeam));
        var interested = (await participation.ExpressInterestAsync(new ExpressInterestRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, MemberId = involved.MemberId,
        })).Participant;
        await participation.DecideParticipantAsync(new DecideParticipantRequest
        {
            OpportunityId = opportunity.OpportunityId, MemberId = involved.MemberId, ExpectedVersion = interested.Version, Decision = Decision.Selected, Reason = "Fits.",
        });
        await participation.RecordAttendanceAsync(new RecordAttendanceRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), OpportunityId = opportunity.OpportunityId, SessionId = opportunity.Sessions[0].SessionId,
            MemberId = involved.MemberId, Attended = true, Hours = 1,
        });

        var after = await Equality().PublishEqualitySnapshotAsync(new PublishEqualitySnapshotRequest());

        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal((before.PoolMembers + 2, before.InvolvedMembers + 1), (after.PoolMembers, after.InvolvedMembers));
        Assert.Equal(Count(before.Pool, "sex", "SEX_FEMALE") + 1, Count(after.Pool, "sex", "SEX_FEMALE"));
        Assert.Equal(Count(before.Pool, "sex", "SEX_PREFER_NOT_TO_SAY") + 1, Count(after.Pool, "sex", "SEX_PREFER_NOT_TO_SAY"));
        Assert.Equal(Count(before.Pool, "ethnic_category", "UNANSWERED") + 1, Count(after.Pool, "ethnic_category", "UNANSWERED"));
        Assert.Equal(Count(before.Involved, "ethnic_category", "ETHNIC_CATEGORY_H_INDIAN") + 1, Count(after.Involved, "ethnic_category", "ETHNIC_CATEGORY_H_INDIAN"));
        Assert.Equal(Count(before.Involved, "sex", "SEX_PREFER_NOT_TO_SAY"), Count(after.Involved, "sex", "SEX_PREFER_NOT_TO_SAY"));
        Assert.All(after.Pool.GroupBy(c => c.Question), g => Assert.Equal(after.PoolMembers, g.Sum(c => c.Members)));   // every member counted once per question

        var e = await snapshots.WaitForAsync(s => s.AggregateVersion == after.Version);
        Assert.Equal((after.PoolMembers, after.InvolvedMembers), (e.PoolMembers, e.InvolvedMembers));
        var json = Assert.Single(snapshots.ReceivedJson, j =>
            System.Text.Json.JsonDocument.Parse(j).RootElement.GetProperty("message").GetProperty("aggregateVersion").GetInt64() == after.Version);
        Assert.DoesNotContain(involved.MemberId, json, StringComparison.Ordinal);
        Assert.DoesNotContain("memberId", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_ppi_team_asks_for_one_and_the_schedule_takes_one_per_interval()
    {
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Equality(Roles.Member).PublishEqualitySnapshotAsync(new PublishEqualitySnapshotRequest()).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Equality(Roles.ReportingConsumer).PublishEqualitySnapshotAsync(new PublishEqualitySnapshotRequest()).ResponseAsync);

        await using var db = fixture.OpenDatabase();
        await Eventually.TrueAsync(async () => await db.ExecuteScalarAsync<long>("select count(*) from equality_snapshots where scheduled") == 1,
            what: "the scheduled snapshot taken at start");
        await Equality().PublishEqualitySnapshotAsync(new PublishEqualitySnapshotRequest());
        Assert.Equal(1L, await db.ExecuteScalarAsync<long>("select count(*) from equality_snapshots where scheduled"));
    }
}
