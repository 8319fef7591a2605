extern alias TrainingHost;

using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using Microsoft.Extensions.DependencyInjection;
using TrainingHost::Involvement.Training.Mentoring;
using TrainingHost::Involvement.Training.Plans;
using TrainingHost::Involvement.Training.Supervision;
using static Involvement.FunctionalTests.Training.SupportSteps;

namespace Involvement.FunctionalTests.Training;

/// <summary>What plans, mentoring and supervision give to subject access and erasure (the data protection API composes them).</summary>
public sealed class SupportDataProtectionTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private Task<T> InUnitAsync<T>(Func<UnitOfWork, Task<T>> work) => fixture.Services.GetRequiredService<Db>().InTransactionAsync(work, CancellationToken.None);

    [Fact]
    public async Task A_member_s_goals_pairings_and_sessions_are_exported_and_erasure_removes_their_words_but_keeps_the_facts()
    {
        var member = await fixture.MemberAsync(level: 4, activeSince: Today.AddMonths(-1));
        var mentor = await fixture.MemberAsync(level: 5, activeSince: Today.AddYears(-1));
        var plans = new DevelopmentPlanService.DevelopmentPlanServiceClient(fixture.Calls(Roles.Member, member.ToString()));
        var addGoal = new AddGoalRequest
        {
            IdempotencyKey = Key(), LearnerId = member.ToString(), Title = "Speak at the board", Description = "About my own care", TargetOn = D(Today.AddMonths(3)),
            ReviewOn = D(Today.AddMonths(1)),
        };
        var goal = (await plans.AddGoalAsync(addGoal)).Goal;
        await plans.AddProgressNoteAsync(new AddProgressNoteRequest { IdempotencyKey = Key(), GoalId = goal.GoalId, Note = "Rehearsed with my sister" });
        var mentoring = new MentoringService.MentoringServiceClient(fixture.Calls(Roles.PpiTeam));
        await mentoring.RegisterMentorAsync(new RegisterMentorRequest { LearnerId = mentor.ToString() });
        var pairing = (await mentoring.StartPairingAsync(new StartPairingRequest
        {
            IdempotencyKey = Key(), MentorId = mentor.ToString(), MenteeMemberId = member.ToString(), StartedOn = D(Today),
        })).Pairing;
        var session = (await new SupervisionService.SupervisionServiceClient(fixture.Calls(Roles.PpiTeam)).RecordSupportSessionAsync(new RecordSupportSessionRequest
        {
            IdempotencyKey = Key(), Kind = SupportKind.Supervision, Format = SupportFormat.Group, HeldOn = D(Today), DurationMinutes = 90,
            AttendeeIds = { member.ToString(), mentor.ToString() },
        })).Session;
        var (planStore, mentoringStore, supervisionStore) = (fixture.Services.GetRequiredService<DevelopmentPlanStore>(),
            fixture.Services.GetRequiredService<MentoringStore>(), fixture.Services.GetRequiredService<SupervisionStore>());

        var goals = await InUnitAsync(unit => planStore.ListForMemberAsync(unit, member));
        var pairings = await InUnitAsync(unit => mentoringStore.ListForMemberAsync(unit, member));
        var sessions = await InUnitAsync(unit => supervisionStore.ListForMemberAsync(unit, member));

        Assert.Equal(("Speak at the board", "Rehearsed with my sister"), (goals.Single().Title, goals.Single().Notes.Single().Note));
        Assert.Equal((pairing.PairingId, mentor.ToString()), (pairings.Single().PairingId, pairings.Single().MentorId));
        var exported = sessions.Single();
        Assert.Equal([member.ToString()], exported.AttendeeIds);   // the other attendee is not theirs to see
        Assert.Equal(2, exported.Attendees);

        await InUnitAsync(async unit =>
        {
            await planStore.EraseMemberAsync(unit, member);
            await mentoringStore.EraseMemberAsync(unit, member);
            await supervisionStore.EraseMemberAsync(unit, member);
            return 0;
        });

        var erased = (await InUnitAsync(unit => planStore.ListForMemberAsync(unit, member))).Single();
        Assert.Equal(("", "", 0, "Open", goal.ReviewOn), (erased.Title, erased.Description, erased.Notes.Count, erased.Status.ToString(), erased.ReviewOn));
        Assert.Single(await InUnitAsync(unit => mentoringStore.ListForMemberAsync(unit, member)));
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.AlreadyExists, async () => await plans.AddGoalAsync(addGoal));   // the stored answer repeated the title
        Assert.Equal(session.SupportSessionId, (await InUnitAsync(unit => supervisionStore.ListForMemberAsync(unit, member))).Single().SupportSessionId);
    }
}
