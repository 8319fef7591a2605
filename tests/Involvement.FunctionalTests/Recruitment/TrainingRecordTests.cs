using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Training;
using Involvement.Recruitment.V1;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class TrainingRecordTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private TrainingRecordService.TrainingRecordServiceClient Records(string? role = Roles.PpiTeam, string subject = "test-user") =>
        new(fixture.Calls(role, subject));

    private static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    private static RecordCompletionByHandRequest ByHand(Member member, string module = "intro-participation") => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), MemberId = member.MemberId, ModuleCode = module,
        CompletedOn = D(Today.AddDays(-30)), ExpiresOn = D(Today.AddYears(2)), Evidence = "Certificate seen at the October induction.",
    };

    private async Task<ListCompletionsResponse> ListAsync(Member member) =>
        await Records().ListCompletionsAsync(new ListCompletionsRequest { MemberId = member.MemberId });

    [Fact]
    public async Task A_completion_recorded_by_hand_is_kept_and_told_to_training_once()
    {
        var published = await fixture.ProbeAsync<CompletionRecordedByHand>();
        var member = await fixture.ActiveMemberAsync();
        var request = ByHand(member);

        var first = (await Records().RecordCompletionByHandAsync(request)).Completion;
        var retried = (await Records().RecordCompletionByHandAsync(request)).Completion;

        Assert.Equal(first, retried);
        Assert.Equal(("intro-participation", "by_hand", false), (first.ModuleCode, first.Source, first.Expired));
        Assert.Equal(first, Assert.Single((await ListAsync(member)).Completions));
        var e = await published.WaitForAsync(c => c.MemberId.ToString() == member.MemberId);
        Assert.Equal((Today.AddDays(-30), (DateOnly?)Today.AddYears(2)), (e.CompletedOn, e.ExpiresOn));
        await fixture.SettledAsync();
        Assert.Single(published.Received, c => c.MemberId.ToString() == member.MemberId);
    }

    [Fact]
    public async Task Completions_and_expiries_from_the_training_service_are_learned()
    {
        var member = await fixture.ActiveMemberAsync();
        var memberId = Guid.Parse(member.MemberId);
        await fixture.MemberEvents.PublishAsync(new TrainingCompleted(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, memberId, "co-production", Today.AddDays(-3), null));
        await fixture.MemberEvents.PublishAsync(new TrainingCompleted(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, Guid.NewGuid(), "co-production", Today, null));

        var learned = await Eventually.ValueAsync(async () => (await ListAsync(member)).Completions.Single(), what: "the completion to arrive");
        Assert.Equal(("co-production", "training_service", false), (learned.ModuleCode, learned.Source, learned.Expired));

        await fixture.MemberEvents.PublishAsync(new TrainingExpired(Guid.NewGuid(), DateTimeOffset.UtcNow, 2, memberId, "co-production", Today));
        await Eventually.TrueAsync(async () => (await ListAsync(member)).Completions.Single().Expired, what: "the completion to lapse");
    }

    [Fact]
    public async Task A_renewal_that_overtakes_the_old_certificates_expiry_stands()
    {
        var member = await fixture.ActiveMemberAsync();
        var memberId = Guid.Parse(member.MemberId);
        // Renewed inside the window two days before the old certificate's expiry (today); the expiry of the old one
        // is delivered after the renewal, as separate queues allow.
        await fixture.MemberEvents.PublishAsync(new TrainingCompleted(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, memberId, "co-production", Today.AddDays(-2), Today.AddYears(1)));
        await Eventually.TrueAsync(async () => (await ListAsync(member)).Completions.Count == 1, what: "the renewal to arrive");
        await fixture.MemberEvents.PublishAsync(new TrainingExpired(Guid.NewGuid(), DateTimeOffset.UtcNow, 1, memberId, "co-production", Today, Today.AddYears(-1)));
        await fixture.SettledAsync();

        var renewal = Assert.Single((await ListAsync(member)).Completions);
        Assert.Equal((false, D(Today.AddYears(1))), (renewal.Expired, renewal.ExpiresOn));
    }

    [Fact]
    public async Task An_earlier_completion_never_replaces_a_later_one()
    {
        var member = await fixture.ActiveMemberAsync();
        await Records().RecordCompletionByHandAsync(ByHand(member));
        var older = ByHand(member);
        older.CompletedOn = D(Today.AddYears(-2));
        older.ExpiresOn = null;

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => Records().RecordCompletionByHandAsync(older).ResponseAsync);
        Assert.Equal(D(Today.AddDays(-30)), Assert.Single((await ListAsync(member)).Completions).CompletedOn);
    }

    [Fact]
    public async Task Bad_input_wrong_roles_and_unknown_members_are_refused()
    {
        var member = await fixture.ActiveMemberAsync();
        var bad = ByHand(member);
        bad.IdempotencyKey = "";
        bad.ModuleCode = "";
        bad.CompletedOn = D(Today.AddDays(1));
        bad.ExpiresOn = D(Today);
        bad.Evidence = " ";
        await RpcAssert.InvalidFields(() => Records().RecordCompletionByHandAsync(bad).ResponseAsync,
            "idempotency_key", "module_code", "completed_on", "expires_on", "evidence");

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Records(Roles.Member, member.MemberId).RecordCompletionByHandAsync(ByHand(member)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Records(Roles.Member, Guid.NewGuid().ToString())
            .ListCompletionsAsync(new ListCompletionsRequest { MemberId = member.MemberId }).ResponseAsync);
        Assert.Empty((await Records(Roles.Member, member.MemberId).ListCompletionsAsync(new ListCompletionsRequest { MemberId = member.MemberId })).Completions);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Records().RecordCompletionByHandAsync(ByHand(new Member { MemberId = Guid.NewGuid().ToString() })).ResponseAsync);
    }
}
