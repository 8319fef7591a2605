using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class CommunityGroupTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private CommunityGroupService.CommunityGroupServiceClient Groups(string? role = Roles.PpiTeam) => new(fixture.Calls(role));

    private static CommunityGroupContent Content(string locality = "Margate") => new()
    {
        Name = "Thanet Nepali Community Association",
        Description = "Weekly drop-in and a women's group.",
        CommunitiesServed = { "Nepali community", "older women" },
        Locality = locality,
        Contacts = { new GroupContact { Name = "Sunita Gurung", Role = "Chair", Email = "chair@example.org", Phone = "01843 000000" } },
    };

    private async Task<CommunityGroup> AddAsync(CommunityGroupContent content) =>
        (await Groups().AddCommunityGroupAsync(new AddCommunityGroupRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = content })).Group;

    private static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    [Fact]
    public async Task Groups_are_mapped_with_contacts_and_a_retried_add_makes_one_group()
    {
        var request = new AddCommunityGroupRequest { IdempotencyKey = Guid.NewGuid().ToString(), Content = Content() };

        var first = (await Groups().AddCommunityGroupAsync(request)).Group;
        var retried = (await Groups().AddCommunityGroupAsync(request)).Group;

        Assert.Equal(first, retried);
        Assert.Equal(Content(), first.Content);
        Assert.Equal((1L, 0), (first.Version, first.Engagements));
        Assert.Equal(first, (await Groups(Roles.ProjectLead).GetCommunityGroupAsync(new GetCommunityGroupRequest { GroupId = first.GroupId })).Group);
    }

    [Fact]
    public async Task Engagements_are_listed_latest_logged_first_and_the_group_shows_when_it_was_last_engaged()
    {
        var group = await AddAsync(Content());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var (daysAgo, kind) in new[] { (40, EngagementKind.Meeting), (10, EngagementKind.Outreach), (20, EngagementKind.Event) })
        {
            await Groups().LogEngagementAsync(new LogEngagementRequest
            {
                IdempotencyKey = Guid.NewGuid().ToString(), GroupId = group.GroupId, OccurredOn = D(today.AddDays(-daysAgo)), Kind = kind,
                Summary = $"{kind} with the association", FollowUp = "Send the carers' panel details",
            });
        }

        var first = await Groups().ListEngagementsAsync(new ListEngagementsRequest { GroupId = group.GroupId, PageSize = 2 });
        var rest = await Groups().ListEngagementsAsync(new ListEngagementsRequest { GroupId = group.GroupId, PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal([EngagementKind.Event, EngagementKind.Outreach, EngagementKind.Meeting],
            first.Engagements.Concat(rest.Engagements).Select(e => e.Kind));
        Assert.Equal("", rest.NextPageToken);
        var now = (await Groups().GetCommunityGroupAsync(new GetCommunityGroupRequest { GroupId = group.GroupId })).Group;
        Assert.Equal((D(today.AddDays(-10)), 3), (now.LastEngagedOn, now.Engagements));
    }

    [Fact]
    public async Task Groups_are_listed_by_locality_or_community_served_and_updated_with_a_version()
    {
        var locality = "Locality " + Guid.NewGuid().ToString("N")[..6];
        var group = await AddAsync(Content(locality));
        await AddAsync(Content());

        var byLocality = await Groups(Roles.ProjectLead).ListCommunityGroupsAsync(new ListCommunityGroupsRequest { Locality = locality.ToUpperInvariant() });
        Assert.Equal(group.GroupId, Assert.Single(byLocality.Groups).GroupId);
        var served = await Groups().ListCommunityGroupsAsync(new ListCommunityGroupsRequest { CommunityServed = "nepali community", PageSize = 200 });
        Assert.Contains(served.Groups, g => g.GroupId == group.GroupId);

        var content = group.Content.Clone();
        content.CommunitiesServed.Add("young carers");
        var updated = (await Groups().UpdateCommunityGroupAsync(new UpdateCommunityGroupRequest { GroupId = group.GroupId, ExpectedVersion = group.Version, Content = content })).Group;
        Assert.Equal((2L, 3), (updated.Version, updated.Content.CommunitiesServed.Count));
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Groups().UpdateCommunityGroupAsync(
            new UpdateCommunityGroupRequest { GroupId = group.GroupId, ExpectedVersion = group.Version, Content = content }).ResponseAsync);
    }

    [Fact]
    public async Task Bad_input_and_wrong_roles_are_refused()
    {
        var bad = Content();
        bad.Name = "";
        bad.Contacts[0].Email = "not-an-email";
        await RpcAssert.InvalidFields(() => Groups().AddCommunityGroupAsync(new AddCommunityGroupRequest { Content = bad }).ResponseAsync,
            "idempotency_key", "content.name", "content.contacts[0].email");
        await RpcAssert.InvalidFields(() => Groups().LogEngagementAsync(new LogEngagementRequest
        {
            IdempotencyKey = "k", GroupId = Guid.NewGuid().ToString(), OccurredOn = D(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2)),
        }).ResponseAsync, "occurred_on", "kind", "summary");
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Groups().LogEngagementAsync(new LogEngagementRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(), GroupId = Guid.NewGuid().ToString(), OccurredOn = D(DateOnly.FromDateTime(DateTime.UtcNow)),
            Kind = EngagementKind.Meeting, Summary = "Hello",
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Groups(Roles.ProjectLead).AddCommunityGroupAsync(
            new AddCommunityGroupRequest { IdempotencyKey = "k", Content = Content() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Groups(Roles.Member).ListCommunityGroupsAsync(new ListCommunityGroupsRequest()).ResponseAsync);
    }
}
