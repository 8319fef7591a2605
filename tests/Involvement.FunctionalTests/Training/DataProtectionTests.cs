using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;
using Involvement.Training.V1;
using static Involvement.FunctionalTests.Training.TrainingFixture;

namespace Involvement.FunctionalTests.Training;

public sealed class DataProtectionTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private DataProtectionService.DataProtectionServiceClient Client(string role, string subject = "test-user") => new(fixture.Calls(role, subject));

    private static RecordResourceGivenRequest Pack(Guid memberId) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(), LearnerId = memberId.ToString(), Resource = ResourceKind.InformationPack,
        GivenOn = ProtoDates.ToProto(TimeProvider.System.Today()),
    };

    [Fact]
    public async Task Exports_what_training_holds_on_a_member_to_them_and_the_ppi_team()
    {
        var member = await fixture.KnownMemberAsync("Priya Shah");
        var given = (await fixture.Resources().RecordResourceGivenAsync(Pack(member))).ResourceGiven;
        var session = await fixture.ScheduleSessionAsync(details: SessionDetails(facilitators: Facilitating(member.ToString(), Expertise.ExpertByExperience)));

        var export = await Client(Roles.Member, member.ToString()).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() });

        Assert.Equal(("Priya Shah", LearnerKind.Member), (export.Learner.Name, export.Learner.Kind));
        Assert.Equal(given, Assert.Single(export.ResourcesGiven));
        Assert.Equal(session.SessionId, Assert.Single(export.SessionsFacilitated).SessionId);
        Assert.NotNull(export.ExportedAt);
        var byPpi = await Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() });
        Assert.Equal(export.ResourcesGiven, byPpi.ResourcesGiven);
    }

    [Fact]
    public async Task Nobody_else_may_export_and_an_unknown_member_is_not_found()
    {
        var member = await fixture.KnownMemberAsync();
        var other = Guid.NewGuid().ToString();

        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => Client(Roles.Member, other).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => Client(Roles.Trainer).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = other }).ResponseAsync);
        await RpcAssert.InvalidFields(() => Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = "x" }).ResponseAsync, "member_id");
    }

    [Fact]
    public async Task Erasure_keeps_the_anonymous_facts_and_forgets_stored_responses_naming_the_member()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var member = await fixture.KnownMemberAsync("Dana Whitfield");
        var request = Pack(member);
        var given = (await fixture.Resources().RecordResourceGivenAsync(request)).ResourceGiven;

        await erasures.PublishAsync(new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 5, member, "consent_withdrawn"));

        // a retry can no longer be answered with the member's record
        await Eventually.TrueAsync(async () =>
            (await Assert.ThrowsAnyAsync<Exception>(() => fixture.Resources().RecordResourceGivenAsync(request).ResponseAsync)) is RpcException { StatusCode: StatusCode.AlreadyExists },
            what: "the stored response to be forgotten");
        await Eventually.TrueAsync(async () =>
            (await Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() })).Learner.Name == MemberErased.ErasedName,
            what: "the name to be erased");
        var export = await Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() });
        Assert.Equal(given, Assert.Single(export.ResourcesGiven));
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Resources().RecordResourceGivenAsync(Pack(member)).ResponseAsync);
        Assert.Contains("erased", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_erasure_that_arrives_first_still_refuses_later_records()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var member = Guid.CreateVersion7();
        await erasures.PublishAsync(new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 5, member, "erasure_requested"));
        await fixture.MemberEvents.PublishAsync(Events.MemberRegistered(member, "Late Registration"));
        await fixture.SettledAsync();

        await Eventually.TrueAsync(async () =>
            (await Assert.ThrowsAnyAsync<Exception>(() => fixture.ScheduleSessionAsync(details: SessionDetails(facilitators: Facilitating(member.ToString(), Expertise.ExpertByExperience)))))
                is RpcException { StatusCode: StatusCode.FailedPrecondition },
            what: "the erasure and the registration to be handled");
    }
}
