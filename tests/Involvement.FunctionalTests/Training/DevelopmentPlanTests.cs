using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using static Involvement.FunctionalTests.Training.SupportSteps;

namespace Involvement.FunctionalTests.Training;

public sealed class DevelopmentPlanTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    private DevelopmentPlanService.DevelopmentPlanServiceClient Plans(string role = Roles.Trainer, string subject = "test-user") => new(fixture.Calls(role, subject));

    private DevelopmentPlanService.DevelopmentPlanServiceClient AsMember(Guid memberId) => Plans(Roles.Member, memberId.ToString());

    private static AddGoalRequest Goal(Guid learnerId, int reviewInDays = 30, string title = "Chair a panel") => new()
    {
        IdempotencyKey = Key(), LearnerId = learnerId.ToString(), Title = title, Description = "With support from the PPI team.\nBy the spring.",
        TargetOn = D(Today.AddMonths(6)), ReviewOn = D(Today.AddDays(reviewInDays)),
    };

    [Fact]
    public async Task A_member_keeps_their_own_plan_a_retried_add_makes_one_goal_and_notes_follow_progress()
    {
        var member = await fixture.MemberAsync();
        var request = Goal(member);

        var goal = (await AsMember(member).AddGoalAsync(request)).Goal;
        Assert.Equal(goal, (await AsMember(member).AddGoalAsync(request)).Goal);
        Assert.Equal((GoalStatus.Open, 1L, "Chair a panel"), (goal.Status, goal.Version, goal.Title));

        var noted = (await AsMember(member).AddProgressNoteAsync(new AddProgressNoteRequest
        {
            IdempotencyKey = Key(), GoalId = goal.GoalId, Note = "Observed two panels.\nReady to co-chair.",
        })).Goal;
        var updated = (await Plans().UpdateGoalAsync(new UpdateGoalRequest
        {
            GoalId = goal.GoalId, ExpectedVersion = goal.Version, Title = "Chair a recruitment panel", TargetOn = goal.TargetOn, ReviewOn = goal.ReviewOn,
            Status = GoalStatus.Achieved,
        })).Goal;

        Assert.Equal("Observed two panels.\nReady to co-chair.", Assert.Single(noted.Notes).Note);
        Assert.Equal((GoalStatus.Achieved, 2L, "", 1), (updated.Status, updated.Version, updated.Description, updated.Notes.Count));
        var plan = await AsMember(member).GetPlanAsync(new GetPlanRequest { LearnerId = member.ToString() });
        Assert.Equal(updated, Assert.Single(plan.Goals));
        await RpcAssert.FailsWith(StatusCode.Aborted, async () => await Plans().UpdateGoalAsync(new UpdateGoalRequest
        {
            GoalId = goal.GoalId, ExpectedVersion = goal.Version, Title = "Stale", TargetOn = goal.TargetOn, ReviewOn = goal.ReviewOn, Status = GoalStatus.Dropped,
        }));
    }

    [Fact]
    public async Task A_member_cannot_see_or_touch_anyone_else_s_plan_nor_learn_whether_a_goal_exists()
    {
        var member = await fixture.MemberAsync();
        var other = await fixture.MemberAsync();
        var othersGoal = (await Plans().AddGoalAsync(Goal(other))).Goal;

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await AsMember(member).AddGoalAsync(Goal(other)));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await AsMember(member).GetPlanAsync(new GetPlanRequest { LearnerId = other.ToString() }));
        foreach (var goalId in new[] { othersGoal.GoalId, Guid.NewGuid().ToString() })
        {
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await AsMember(member).AddProgressNoteAsync(
                new AddProgressNoteRequest { IdempotencyKey = Key(), GoalId = goalId, Note = "Not mine" }));
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await AsMember(member).UpdateGoalAsync(new UpdateGoalRequest
            {
                GoalId = goalId, ExpectedVersion = 1, Title = "Not mine", TargetOn = othersGoal.TargetOn, ReviewOn = othersGoal.ReviewOn, Status = GoalStatus.Dropped,
            }));
        }

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await AsMember(member).ListOverdueReviewsAsync(new ListOverdueReviewsRequest()));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, async () => await Plans(Roles.Finance).GetPlanAsync(new GetPlanRequest { LearnerId = other.ToString() }));
        Assert.Empty((await Plans(Roles.PpiTeam).GetPlanAsync(new GetPlanRequest { LearnerId = other.ToString() })).Goals.Single().Notes);
    }

    [Fact]
    public async Task Open_goals_past_their_review_date_are_listed_a_page_at_a_time_with_days_overdue()
    {
        var member = await fixture.MemberAsync();
        var overdue = new List<string>();
        foreach (var days in new[] { -10, -3, -1 })
        {
            overdue.Add((await Plans().AddGoalAsync(Goal(member, days, $"Overdue by {-days}"))).Goal.GoalId);
        }

        var dueToday = (await Plans().AddGoalAsync(Goal(member, 0))).Goal;
        var achieved = (await Plans().AddGoalAsync(Goal(member, -5))).Goal;
        await Plans().UpdateGoalAsync(new UpdateGoalRequest
        {
            GoalId = achieved.GoalId, ExpectedVersion = 1, Title = achieved.Title, TargetOn = achieved.TargetOn, ReviewOn = achieved.ReviewOn, Status = GoalStatus.Achieved,
        });

        var all = new List<OverdueReview>();
        var token = "";
        do
        {
            var page = await Plans(Roles.PpiTeam).ListOverdueReviewsAsync(new ListOverdueReviewsRequest { PageSize = 2, PageToken = token });
            Assert.True(page.Reviews.Count <= 2);
            all.AddRange(page.Reviews);
            token = page.NextPageToken;
        }
        while (token != "");

        var listed = all.Where(r => r.LearnerId == member.ToString()).ToList();

        Assert.Equal(overdue, listed.Select(r => r.GoalId));
        Assert.Equal([10, 3, 1], listed.Select(r => r.DaysOverdue));
        Assert.All(listed, r => Assert.Equal("Test Member", r.LearnerName));
        Assert.DoesNotContain(listed, r => r.GoalId == dueToday.GoalId);
    }

    [Fact]
    public async Task A_member_of_staff_has_a_plan_too_kept_by_trainers()
    {
        var staff = await fixture.RegisterStaffAsync("Alex Trainer");

        var goal = (await Plans().AddGoalAsync(Goal(Guid.Parse(staff.LearnerId), -2))).Goal;

        Assert.Equal(goal, (await Plans(Roles.PpiTeam).GetPlanAsync(new GetPlanRequest { LearnerId = staff.LearnerId })).Goals.Single());
        var reviews = await Plans().ListOverdueReviewsAsync(new ListOverdueReviewsRequest { PageSize = 200 });
        Assert.Equal("Alex Trainer", reviews.Reviews.Single(r => r.GoalId == goal.GoalId).LearnerName);
    }

    [Fact]
    public async Task Bad_fields_are_named_and_an_unknown_learner_is_not_found()
    {
        await RpcAssert.InvalidFields(async () => await Plans().AddGoalAsync(new AddGoalRequest
        {
            IdempotencyKey = Key(), LearnerId = "someone", Title = "Two\nlines", ReviewOn = new Google.Type.Date { Year = 2026, Month = 2, Day = 30 },
        }), "learner_id", "title", "target_on", "review_on");
        await RpcAssert.InvalidFields(async () => await Plans().UpdateGoalAsync(new UpdateGoalRequest
        {
            GoalId = Guid.NewGuid().ToString(), Title = "Fine", TargetOn = D(Today), ReviewOn = D(Today), Status = (GoalStatus)9,
        }), "expected_version", "status");

        await RpcAssert.FailsWith(StatusCode.NotFound, async () => await Plans().AddGoalAsync(Goal(Guid.NewGuid())));
    }
}
