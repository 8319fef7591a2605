using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;

namespace Involvement.FunctionalTests.Training;

public sealed class LearnerTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    [Fact]
    public async Task Registers_a_member_of_staff_once_per_key_and_reference()
    {
        var request = new RegisterStaffLearnerRequest { IdempotencyKey = Guid.NewGuid().ToString(), StaffReference = "E-1001", Name = "Jo Patel" };

        var staff = (await fixture.Learners().RegisterStaffLearnerAsync(request)).Learner;
        var retried = (await fixture.Learners().RegisterStaffLearnerAsync(request)).Learner;

        Assert.Equal(staff, retried);
        Assert.Equal((LearnerKind.Staff, "Jo Patel", "E-1001", 1L, 0L), (staff.Kind, staff.Name, staff.StaffReference, staff.Version, staff.MemberVersion));
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => fixture.RegisterStaffAsync("Someone Else", "E-1001"));
        var read = (await fixture.Learners(Roles.Trainer).GetLearnerAsync(new GetLearnerRequest { LearnerId = staff.LearnerId })).Learner;
        Assert.Equal(staff, read);
    }

    [Fact]
    public async Task Updates_a_member_of_staff_with_their_version()
    {
        var staff = await fixture.RegisterStaffAsync("Jo Patell");
        var other = await fixture.RegisterStaffAsync();

        var updated = (await fixture.Learners().UpdateStaffLearnerAsync(new UpdateStaffLearnerRequest
        {
            LearnerId = staff.LearnerId, ExpectedVersion = 1, StaffReference = "E-2002", Name = "Jo Patel",
        })).Learner;

        Assert.Equal(("Jo Patel", "E-2002", 2L), (updated.Name, updated.StaffReference, updated.Version));
        await RpcAssert.FailsWith(StatusCode.Aborted, () => fixture.Learners().UpdateStaffLearnerAsync(new UpdateStaffLearnerRequest
        {
            LearnerId = staff.LearnerId, ExpectedVersion = 1, StaffReference = "E-2002", Name = "Jo",
        }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => fixture.Learners().UpdateStaffLearnerAsync(new UpdateStaffLearnerRequest
        {
            LearnerId = other.LearnerId, ExpectedVersion = 1, StaffReference = "E-2002", Name = "Kim",
        }).ResponseAsync);
        var member = await fixture.KnownMemberAsync();
        await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.Learners().UpdateStaffLearnerAsync(new UpdateStaffLearnerRequest
        {
            LearnerId = member.ToString(), ExpectedVersion = 1, StaffReference = "E-3", Name = "Kim",
        }).ResponseAsync);
        await RpcAssert.InvalidFields(() => fixture.Learners().UpdateStaffLearnerAsync(new UpdateStaffLearnerRequest { LearnerId = "x", Name = "a\nb" }).ResponseAsync,
            "learner_id", "expected_version", "staff_reference", "name");
    }

    [Fact]
    public async Task A_member_is_a_learner_named_from_the_member_directory_and_reads_only_themselves()
    {
        var member = await fixture.KnownMemberAsync("Priya Shah");
        var other = await fixture.KnownMemberAsync("Tom Reed");

        var own = (await fixture.Learners(Roles.Member, member.ToString()).GetLearnerAsync(new GetLearnerRequest { LearnerId = member.ToString() })).Learner;

        Assert.Equal((LearnerKind.Member, "Priya Shah", 1L, ""), (own.Kind, own.Name, own.MemberVersion, own.StaffReference));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Learners(Roles.Member, member.ToString()).GetLearnerAsync(new GetLearnerRequest { LearnerId = other.ToString() }).ResponseAsync);
        // the same answer for someone who does not exist: nothing tells a member whether a record is there
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Learners(Roles.Member, member.ToString()).GetLearnerAsync(new GetLearnerRequest { LearnerId = Guid.NewGuid().ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => fixture.Learners(Roles.Trainer).GetLearnerAsync(new GetLearnerRequest { LearnerId = Guid.NewGuid().ToString() }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            () => fixture.Learners(Roles.Trainer).RegisterStaffLearnerAsync(new RegisterStaffLearnerRequest { IdempotencyKey = "k", StaffReference = "E", Name = "N" }).ResponseAsync);
    }

    [Fact]
    public async Task Lists_members_and_staff_by_kind_with_paging()
    {
        var members = new[] { await fixture.KnownMemberAsync("A One"), await fixture.KnownMemberAsync("B Two") };
        var staff = await fixture.RegisterStaffAsync("C Three");

        var all = new List<Learner>();
        var token = "";
        do
        {
            var page = await fixture.Learners(Roles.Trainer).ListLearnersAsync(new ListLearnersRequest { PageSize = 1, PageToken = token });
            all.AddRange(page.Learners);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Superset(members.Select(m => m.ToString()).Append(staff.LearnerId).ToHashSet(), all.Select(l => l.LearnerId).ToHashSet());
        Assert.Equal(all.Select(l => l.LearnerId).Order(StringComparer.Ordinal), all.Select(l => l.LearnerId));
        var onlyStaff = await fixture.Learners().ListLearnersAsync(new ListLearnersRequest { Kind = LearnerKind.Staff, PageSize = 200 });
        Assert.All(onlyStaff.Learners, l => Assert.Equal(LearnerKind.Staff, l.Kind));
        Assert.Contains(onlyStaff.Learners, l => l.LearnerId == staff.LearnerId);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Learners(Roles.Member).ListLearnersAsync(new ListLearnersRequest()).ResponseAsync);
    }
}
