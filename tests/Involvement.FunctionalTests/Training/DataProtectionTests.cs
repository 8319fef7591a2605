using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;
using Involvement.Training.V1;
using static Involvement.FunctionalTests.Training.SupportSteps;
using static Involvement.FunctionalTests.Training.TrainingFixture;

namespace Involvement.FunctionalTests.Training;

public sealed class DataProtectionTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private DataProtectionService.DataProtectionServiceClient Client(string role, string subject = "test-user") => new(fixture.Calls(role, subject));

    /// <summary>Whether training's own erasure (not the member directory's) has run for the member.</summary>
    private async Task<bool> ErasedAsync(Guid member)
    {
        await using var db = fixture.OpenDatabase();
        return await Dapper.SqlMapper.ExecuteScalarAsync<bool>(db, "select coalesce((select erased_at is not null from learners where learner_id = @member), false)", new { member });
    }

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

        // training's erasure is one transaction: once the learner is marked erased, the stored responses are forgotten too
        await Eventually.TrueAsync(() => ErasedAsync(member), what: "training to erase the member");
        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Resources().RecordResourceGivenAsync(Pack(member)).ResponseAsync);
        Assert.Contains("erased", refused.Status.Detail, StringComparison.Ordinal);
        // a retry can no longer be answered with the member's record
        await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => fixture.Resources().RecordResourceGivenAsync(request).ResponseAsync);
        await Eventually.TrueAsync(async () =>
            (await Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() })).Learner.Name == MemberErased.ErasedName,
            what: "the name to be erased");
        var export = await Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() });
        Assert.Equal(given, Assert.Single(export.ResourcesGiven));
    }

    [Fact]
    public async Task Export_covers_every_area_and_erasure_blanks_the_member_s_words_but_keeps_their_certificates()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var world = new EnrolmentWorld(fixture);
        var activeSince = Today.AddMonths(-2);
        var member = await fixture.MemberAsync(level: 4, activeSince: activeSince, name: "Ruth Adeyemi");
        var mentor = await fixture.MemberAsync(level: 5, activeSince: Today.AddYears(-1));
        var module = await world.ModuleAsync();
        var enrolment = await world.EnrolAsync(await world.SessionAsync(module), member);
        await world.CertificateAsync(member, module, Today.AddYears(1));
        var plans = new DevelopmentPlanService.DevelopmentPlanServiceClient(fixture.Calls(Roles.Member, member.ToString()));
        var goal = (await plans.AddGoalAsync(new AddGoalRequest
        {
            IdempotencyKey = Key(), LearnerId = member.ToString(), Title = "Chair a panel", Description = "After my own recovery",
            TargetOn = D(Today.AddMonths(6)), ReviewOn = D(Today.AddMonths(1)),
        })).Goal;
        var mentoring = new MentoringService.MentoringServiceClient(fixture.Calls(Roles.PpiTeam));
        await mentoring.RegisterMentorAsync(new RegisterMentorRequest { LearnerId = mentor.ToString() });
        var pairing = (await mentoring.StartPairingAsync(new StartPairingRequest
        {
            IdempotencyKey = Key(), MentorId = mentor.ToString(), MenteeMemberId = member.ToString(), StartedOn = D(Today),
        })).Pairing;
        var support = (await new SupervisionService.SupervisionServiceClient(fixture.Calls(Roles.PpiTeam)).RecordSupportSessionAsync(new RecordSupportSessionRequest
        {
            IdempotencyKey = Key(), Kind = SupportKind.Supervision, Format = SupportFormat.Individual, HeldOn = D(Today), DurationMinutes = 60,
            AttendeeIds = { member.ToString() },
        })).Session;

        var export = await Client(Roles.Member, member.ToString()).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() });

        Assert.Equal(enrolment.EnrolmentId, Assert.Single(export.Enrolments).EnrolmentId);
        var certificate = Assert.Single(export.Certificates);
        Assert.Equal(module, certificate.ModuleCode);
        Assert.Equal("Chair a panel", Assert.Single(export.Goals).Title);
        Assert.Equal(pairing.PairingId, Assert.Single(export.Pairings).PairingId);
        Assert.Equal(support.SupportSessionId, Assert.Single(export.SupportSessions).SupportSessionId);
        Assert.Equal((4, "active", D(activeSince)), (export.Standing.Level, export.Standing.Status, export.Standing.ActiveSince));

        await erasures.PublishAsync(new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 9, member, "consent_withdrawn"));

        await Eventually.TrueAsync(async () =>
            (await Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() })) is var e
            && e.Goals.Single().Title == "" && e.Learner.Name == MemberErased.ErasedName,
            what: "the goal's text and the name to be erased");
        var erased = await Client(Roles.PpiTeam).ExportLearnerDataAsync(new ExportLearnerDataRequest { MemberId = member.ToString() });
        Assert.Equal(MemberErased.ErasedName, erased.Learner.Name);
        Assert.Equal(("", goal.GoalId), (erased.Goals.Single().Description, erased.Goals.Single().GoalId));
        Assert.Equal(certificate.CertificateId, Assert.Single(erased.Certificates).CertificateId);
        Assert.Single(erased.Pairings);
        Assert.Single(erased.SupportSessions);
    }

    [Fact]
    public async Task An_erased_member_cannot_be_enrolled_or_paired()
    {
        var erasures = await fixture.ProbeAsync<MemberErased>();
        var world = new EnrolmentWorld(fixture);
        var member = await fixture.MemberAsync(level: 2, activeSince: Today.AddMonths(-1));
        var mentor = await fixture.MemberAsync(level: 5, activeSince: Today.AddYears(-1));
        var session = await world.SessionAsync(await world.ModuleAsync());
        var mentoring = new MentoringService.MentoringServiceClient(fixture.Calls(Roles.PpiTeam));
        await mentoring.RegisterMentorAsync(new RegisterMentorRequest { LearnerId = mentor.ToString() });

        await erasures.PublishAsync(new MemberErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, 5, member, "consent_withdrawn"));
        await Eventually.TrueAsync(() => ErasedAsync(member), what: "training to erase the member");

        Assert.Equal([("MEMBER_ERASED", member.ToString())], await EnrolmentWorld.RefusedAsync(() => world.EnrolAsync(session, member)));
        Assert.Equal([("MEMBER_ERASED", member.ToString())], await EnrolmentWorld.RefusedAsync(() => mentoring.StartPairingAsync(new StartPairingRequest
        {
            IdempotencyKey = Key(), MentorId = mentor.ToString(), MenteeMemberId = member.ToString(), StartedOn = D(Today),
        }).ResponseAsync));
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
