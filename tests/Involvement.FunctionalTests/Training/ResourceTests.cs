using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.V1;

namespace Involvement.FunctionalTests.Training;

public sealed class ResourceTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private static Google.Type.Date DaysAgo(int days) => ProtoDates.ToProto(TimeProvider.System.Today().AddDays(-days));

    private static RecordResourceGivenRequest Given(string learnerId, ResourceKind resource, int daysAgo = 0) =>
        new() { IdempotencyKey = Guid.NewGuid().ToString(), LearnerId = learnerId, Resource = resource, GivenOn = DaysAgo(daysAgo) };

    [Fact]
    public async Task Records_a_resource_given_to_a_member_once_per_key()
    {
        var member = (await fixture.KnownMemberAsync()).ToString();
        var request = Given(member, ResourceKind.InformationPack, daysAgo: 3);

        var given = (await fixture.Resources().RecordResourceGivenAsync(request)).ResourceGiven;
        var retried = (await fixture.Resources().RecordResourceGivenAsync(request)).ResourceGiven;

        Assert.Equal(given, retried);
        Assert.Equal((member, ResourceKind.InformationPack, DaysAgo(3), "test-user"), (given.LearnerId, given.Resource, given.GivenOn, given.RecordedBy));
        var listed = await fixture.Resources(Roles.PpiTeam).ListResourcesGivenAsync(new ListResourcesGivenRequest { LearnerId = member });
        Assert.Equal(given, Assert.Single(listed.ResourcesGiven));
    }

    [Fact]
    public async Task A_member_lists_only_their_own_newest_first()
    {
        var member = (await fixture.KnownMemberAsync()).ToString();
        var staff = await fixture.RegisterStaffAsync();
        var pack = (await fixture.Resources().RecordResourceGivenAsync(Given(member, ResourceKind.InformationPack))).ResourceGiven;
        var jargon = (await fixture.Resources().RecordResourceGivenAsync(Given(member, ResourceKind.JargonBuster))).ResourceGiven;
        await fixture.Resources().RecordResourceGivenAsync(Given(staff.LearnerId, ResourceKind.TrustInductionAccess));

        var own = await fixture.Resources(Roles.Member, member).ListResourcesGivenAsync(new ListResourcesGivenRequest());
        Assert.Equal([jargon.ResourceGivenId, pack.ResourceGivenId], own.ResourcesGiven.Select(r => r.ResourceGivenId));
        var page = await fixture.Resources(Roles.Member, member).ListResourcesGivenAsync(new ListResourcesGivenRequest { LearnerId = member, PageSize = 1 });
        var next = await fixture.Resources(Roles.Member, member).ListResourcesGivenAsync(new ListResourcesGivenRequest { LearnerId = member, PageSize = 1, PageToken = page.NextPageToken });
        Assert.Equal([jargon.ResourceGivenId, pack.ResourceGivenId], page.ResourcesGiven.Concat(next.ResourcesGiven).Select(r => r.ResourceGivenId));
        var packs = await fixture.Resources().ListResourcesGivenAsync(new ListResourcesGivenRequest { LearnerId = member, Resource = ResourceKind.InformationPack });
        Assert.Equal(pack.ResourceGivenId, Assert.Single(packs.ResourcesGiven).ResourceGivenId);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Resources(Roles.Member, member).ListResourcesGivenAsync(new ListResourcesGivenRequest { LearnerId = staff.LearnerId }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Resources(Roles.Member, member).RecordResourceGivenAsync(Given(member, ResourceKind.JargonBuster)).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Resources(Roles.Finance).ListResourcesGivenAsync(new ListResourcesGivenRequest()).ResponseAsync);
    }

    [Fact]
    public async Task Refuses_a_future_date_bad_fields_and_an_unknown_learner()
    {
        var future = Given(Guid.NewGuid().ToString(), ResourceKind.JargonBuster, daysAgo: -1);
        await RpcAssert.InvalidFields(() => fixture.Resources().RecordResourceGivenAsync(future).ResponseAsync, "given_on");
        await RpcAssert.InvalidFields(() => fixture.Resources().RecordResourceGivenAsync(new RecordResourceGivenRequest { Resource = (ResourceKind)7 }).ResponseAsync,
            "idempotency_key", "learner_id", "resource", "given_on");
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => fixture.Resources().RecordResourceGivenAsync(Given(Guid.NewGuid().ToString(), ResourceKind.JargonBuster)).ResponseAsync);
    }
}
