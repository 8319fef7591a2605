using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Recruitment.V1;

namespace Involvement.FunctionalTests.Recruitment;

public sealed class EqualityMonitoringTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private EqualityMonitoringService.EqualityMonitoringServiceClient Client(string? role = Roles.PpiTeam, string subject = "ppi-officer-7") =>
        new(fixture.Calls(role, subject));

    private static readonly EqualityAnswers Answers = new()
    {
        Age = AgeBand._45To54,
        Disability = Answer.Yes,
        GenderReassignment = Answer.PreferNotToSay,
        EthnicCategory = EthnicCategory.NAfrican,
        ReligionOrBelief = ReligionOrBelief.Christian,
        Sex = Sex.Female,
        SexualOrientation = SexualOrientation.PreferNotToSay,
    };

    private async Task<Member> NewMemberAsync() => (await fixture.Client().RegisterMemberAsync(RecruitmentFixture.ValidRequest())).Member;

    [Fact]
    public async Task Answers_are_recorded_read_for_a_purpose_and_every_access_is_logged()
    {
        var member = await NewMemberAsync();

        var recorded = (await Client().RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
        {
            MemberId = member.MemberId, Answers = Answers, ConsentToOutreach = true,
        })).Monitoring;
        var read = (await Client().GetEqualityMonitoringAsync(new GetEqualityMonitoringRequest
        {
            MemberId = member.MemberId, Purpose = "Quarterly representation audit",
        })).Monitoring;

        Assert.Equal(Answers, recorded.Answers);
        Assert.Equal(recorded, read);
        Assert.True(read.ConsentToOutreach);
        Assert.Equal(MarriageOrCivilPartnership.Unspecified, read.Answers.MarriageOrCivilPartnership);   // unanswered stays unanswered
        var log = (await Client().ListEqualityAccessLogAsync(new ListEqualityAccessLogRequest { MemberId = member.MemberId })).Entries;
        Assert.Equal(["read", "recorded"], log.Select(e => e.Action));
        Assert.Equal("Quarterly representation audit", log[0].Purpose);
        Assert.All(log, e => Assert.Equal("ppi-officer-7", e.AccessedBy));
    }

    [Fact]
    public async Task A_member_may_answer_and_see_their_own_answers_and_who_read_them()
    {
        var member = await NewMemberAsync();
        var self = Client(Roles.Member, subject: member.MemberId);

        await self.RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest { MemberId = member.MemberId, Answers = Answers });
        await Client().GetEqualityMonitoringAsync(new GetEqualityMonitoringRequest { MemberId = member.MemberId, Purpose = "Outreach planning" });

        var log = (await self.ListEqualityAccessLogAsync(new ListEqualityAccessLogRequest { MemberId = member.MemberId })).Entries;
        Assert.Equal([("read", "ppi-officer-7"), ("recorded", member.MemberId)], log.Select(e => (e.Action, e.AccessedBy)));
        Assert.False((await self.GetEqualityMonitoringAsync(new GetEqualityMonitoringRequest { MemberId = member.MemberId, Purpose = "Checking my answers" }))
            .Monitoring.ConsentToOutreach);
    }

    [Theory]
    [InlineData(Roles.ProjectLead)]
    [InlineData(Roles.ReportingConsumer)]
    [InlineData(Roles.Finance)]
    [InlineData(Roles.Trainer)]
    public async Task Roles_without_need_can_neither_read_nor_write_answers(string role)
    {
        var member = await NewMemberAsync();
        await Client().RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest { MemberId = member.MemberId, Answers = Answers });

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Client(role).GetEqualityMonitoringAsync(
            new GetEqualityMonitoringRequest { MemberId = member.MemberId, Purpose = "curious" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Client(role).RecordEqualityMonitoringAsync(
            new RecordEqualityMonitoringRequest { MemberId = member.MemberId, Answers = new EqualityAnswers() }).ResponseAsync);

        var log = (await Client().ListEqualityAccessLogAsync(new ListEqualityAccessLogRequest { MemberId = member.MemberId })).Entries;
        Assert.Equal(["recorded"], log.Select(e => e.Action));
    }

    [Fact]
    public async Task Another_member_cannot_see_my_answers()
    {
        var mine = await NewMemberAsync();
        var other = await NewMemberAsync();

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Client(Roles.Member, other.MemberId).GetEqualityMonitoringAsync(
            new GetEqualityMonitoringRequest { MemberId = mine.MemberId, Purpose = "nosy" }).ResponseAsync);
    }

    [Fact]
    public async Task Reading_needs_a_purpose_and_unknown_answers_are_refused()
    {
        var member = await NewMemberAsync();

        await RpcAssert.InvalidFields(() => Client().GetEqualityMonitoringAsync(new GetEqualityMonitoringRequest { MemberId = member.MemberId }).ResponseAsync,
            "purpose");
        await RpcAssert.InvalidFields(() => Client().RecordEqualityMonitoringAsync(new RecordEqualityMonitoringRequest
        {
            MemberId = member.MemberId, Answers = new EqualityAnswers { EthnicCategory = (EthnicCategory)99, Sex = (Sex)7 },
        }).ResponseAsync, "answers.ethnic_category", "answers.sex");
    }

    [Fact]
    public async Task Unanswered_monitoring_and_unknown_members_are_not_found()
    {
        var member = await NewMemberAsync();

        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client().GetEqualityMonitoringAsync(
            new GetEqualityMonitoringRequest { MemberId = member.MemberId, Purpose = "audit" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Client().RecordEqualityMonitoringAsync(
            new RecordEqualityMonitoringRequest { MemberId = Guid.NewGuid().ToString(), Answers = Answers }).ResponseAsync);
    }

    [Fact]
    public void No_member_read_or_list_can_carry_equality_answers()
    {
        // Structural: nothing reachable from these responses is an equality message or enum.
        Assert.Empty(EqualityTypesReachableFrom(GetMemberResponse.Descriptor));
        Assert.Empty(EqualityTypesReachableFrom(ListMembersResponse.Descriptor));
        Assert.NotEmpty(EqualityTypesReachableFrom(GetEqualityMonitoringResponse.Descriptor));   // the check does see them
    }

    private static List<string> EqualityTypesReachableFrom(Google.Protobuf.Reflection.MessageDescriptor root)
    {
        var equalityFile = EqualityReflection.Descriptor;
        var found = new List<string>();
        var seen = new HashSet<string>();
        var pending = new Stack<Google.Protobuf.Reflection.MessageDescriptor>([root]);
        while (pending.TryPop(out var message))
        {
            if (!seen.Add(message.FullName))
            {
                continue;
            }

            foreach (var field in message.Fields.InDeclarationOrder())
            {
                if (field.FieldType == Google.Protobuf.Reflection.FieldType.Message)
                {
                    if (field.MessageType.File == equalityFile) found.Add(field.FullName);
                    pending.Push(field.MessageType);
                }
                else if (field.FieldType == Google.Protobuf.Reflection.FieldType.Enum && field.EnumType.File == equalityFile)
                {
                    found.Add(field.FullName);
                }
            }
        }

        return found;
    }
}
