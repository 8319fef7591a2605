using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.V1;
using static Involvement.FunctionalTests.Training.TrainingFixture;

namespace Involvement.FunctionalTests.Training;

public sealed class SessionTests(TrainingFixture fixture) : IClassFixture<TrainingFixture>
{
    [Fact]
    public async Task Schedules_a_co_facilitated_session_with_UK_times()
    {
        var expert = await fixture.KnownMemberAsync("Dana Whitfield");
        var trainer = await fixture.RegisterStaffAsync("Alex Moore");
        // 2 days from 09:30 British Summer Time (08:30 UTC) on 30 June 2027
        var details = SessionDetails(new DateTimeOffset(2027, 6, 30, 8, 30, 0, TimeSpan.Zero), days: 2, capacity: 12, rateReference: "TRAIN-1",
            costCentre: "PPI-TRAINING", Facilitating(expert.ToString(), Expertise.ExpertByExperience), Facilitating(trainer.LearnerId, Expertise.ExpertByTraining));
        var module = await fixture.CreateModuleAsync();

        var session = await fixture.ScheduleSessionAsync(module.Code, details);

        Assert.Equal(SessionState.Scheduled, session.State);
        Assert.True(session.CoFacilitated);
        Assert.Equal((12, 0, 0), (session.Capacity, session.EnrolledCount, session.WaitingCount));
        Assert.Equal(("TRAIN-1", "PPI-TRAINING"), (session.RateReference, session.CostCentre));
        Assert.Equal([1, 2], session.Days.Select(d => d.DayNumber));
        Assert.Equal(new Google.Type.Date { Year = 2027, Month = 7, Day = 1 }, session.Days[1].UkDate);
        Assert.Equal((9, 30), (session.Days[0].UkStarts.Hours, session.Days[0].UkStarts.Minutes));
        Assert.Equal((12, 30), (session.Days[0].UkEnds.Hours, session.Days[0].UkEnds.Minutes));
        Assert.Equal(details.Days[0].StartsAt, session.Days[0].StartsAt);
        var read = (await fixture.Sessions(Roles.Member).GetSessionAsync(new GetSessionRequest { SessionId = session.SessionId })).Session;
        Assert.Equal(session, read);
    }

    [Fact]
    public async Task A_session_without_both_expertises_is_flagged()
    {
        var trainer = await fixture.RegisterStaffAsync();
        var session = await fixture.ScheduleSessionAsync(details: SessionDetails(facilitators: Facilitating(trainer.LearnerId, Expertise.ExpertByTraining)));

        Assert.False(session.CoFacilitated);
        var flagged = await fixture.Sessions().ListSessionsAsync(new ListSessionsRequest { ModuleCode = session.ModuleCode, NotCoFacilitated = true });
        Assert.Equal(session.SessionId, Assert.Single(flagged.Sessions).SessionId);
    }

    [Fact]
    public async Task A_retried_schedule_makes_one_session()
    {
        var module = await fixture.CreateModuleAsync();
        var request = new ScheduleSessionRequest { IdempotencyKey = Guid.NewGuid().ToString(), ModuleCode = module.Code, Details = SessionDetails() };

        var first = (await fixture.Sessions().ScheduleSessionAsync(request)).Session;
        var retried = (await fixture.Sessions().ScheduleSessionAsync(request)).Session;

        Assert.Equal(first.SessionId, retried.SessionId);
        Assert.Single((await fixture.Sessions().ListSessionsAsync(new ListSessionsRequest { ModuleCode = module.Code })).Sessions);
    }

    [Fact]
    public async Task A_retired_module_cannot_be_scheduled_and_a_pilot_can()
    {
        var retired = await fixture.CreateModuleAsync(ModuleDetails(status: ModuleStatus.Retired));
        var pilot = await fixture.CreateModuleAsync(ModuleDetails(status: ModuleStatus.Pilot));

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.ScheduleSessionAsync(retired.Code));
        Assert.Equal("MODULE_RETIRED", Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations).Type);
        Assert.Equal(SessionState.Scheduled, (await fixture.ScheduleSessionAsync(pilot.Code)).State);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.ScheduleSessionAsync(NewCode()));
    }

    [Fact]
    public async Task Facilitators_must_be_learners()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => fixture.ScheduleSessionAsync(details: SessionDetails(facilitators: Facilitating(Guid.NewGuid().ToString(), Expertise.ExpertByTraining))));
    }

    [Fact]
    public async Task Bad_fields_are_named()
    {
        var details = SessionDetails(days: 2, capacity: 0);
        details.Days[1] = details.Days[0].Clone();   // overlaps day 1
        details.Days.Add(new SessionDay { StartsAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        details.Venue = " ";
        details.Facilitators.Add(Facilitating("nope", Expertise.Unspecified));
        await RpcAssert.InvalidFields(
            () => fixture.Sessions().ScheduleSessionAsync(new ScheduleSessionRequest { IdempotencyKey = "k", ModuleCode = "Bad Code", Details = details }).ResponseAsync,
            "module_code", "details.days[1].starts_at", "details.days[2].ends_at", "details.capacity", "details.venue",
            "details.facilitators[0].learner_id", "details.facilitators[0].expertise");
        var longDay = SessionDetails();
        longDay.Days[0].EndsAt = Timestamp.FromDateTimeOffset(longDay.Days[0].StartsAt.ToDateTimeOffset().AddHours(25));
        await RpcAssert.InvalidFields(
            () => fixture.Sessions().ScheduleSessionAsync(new ScheduleSessionRequest { IdempotencyKey = "k", ModuleCode = "a", Details = longDay }).ResponseAsync,
            "details.days[0].ends_at");
        await RpcAssert.InvalidFields(() => fixture.Sessions().ScheduleSessionAsync(new ScheduleSessionRequest { IdempotencyKey = "k", ModuleCode = "a", Details = new SessionDetails() }).ResponseAsync,
            "details.days", "details.capacity", "details.venue");
    }

    [Fact]
    public async Task Trainers_and_the_ppi_team_manage_sessions_and_every_role_reads_them()
    {
        var session = await fixture.ScheduleSessionAsync();
        foreach (var role in new[] { Roles.Member, Roles.Finance, Roles.ProjectLead, Roles.ReportingConsumer })
        {
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => fixture.Sessions(role).CancelSessionAsync(
                new CancelSessionRequest { SessionId = session.SessionId, ExpectedVersion = 1, Reason = "x" }).ResponseAsync);
            Assert.Equal(session.SessionId, (await fixture.Sessions(role).GetSessionAsync(new GetSessionRequest { SessionId = session.SessionId })).Session.SessionId);
        }

        var byPpi = await fixture.Sessions(Roles.PpiTeam).UpdateSessionAsync(new UpdateSessionRequest
        {
            SessionId = session.SessionId, ExpectedVersion = session.Version, Details = SessionDetails(capacity: 20),
        });
        Assert.Equal(20, byPpi.Session.Capacity);
    }

    [Fact]
    public async Task Updates_replace_days_and_facilitators_and_a_stale_version_is_aborted()
    {
        var expert = await fixture.KnownMemberAsync();
        var trainer = await fixture.RegisterStaffAsync();
        var session = await fixture.ScheduleSessionAsync(details: SessionDetails(days: 3, facilitators: Facilitating(trainer.LearnerId, Expertise.ExpertByTraining)));
        var changed = SessionDetails(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero), days: 2, capacity: 4, rateReference: "R-2", costCentre: null,
            Facilitating(trainer.LearnerId, Expertise.ExpertByTraining), Facilitating(expert.ToString(), Expertise.ExpertByExperience));
        changed.Venue = "Online";
        changed.Online = true;

        var updated = (await fixture.Sessions().UpdateSessionAsync(new UpdateSessionRequest { SessionId = session.SessionId, ExpectedVersion = session.Version, Details = changed })).Session;

        Assert.Equal(2, updated.Version);
        Assert.Equal(changed.Days.Select(d => d.StartsAt), updated.Days.Select(d => d.StartsAt));
        Assert.Equal(("Online", true, 4, "R-2", ""), (updated.Venue, updated.Online, updated.Capacity, updated.RateReference, updated.CostCentre));
        Assert.True(updated.CoFacilitated);
        Assert.Equal(2, updated.Facilitators.Count);
        await RpcAssert.FailsWith(StatusCode.Aborted, () => fixture.Sessions().UpdateSessionAsync(
            new UpdateSessionRequest { SessionId = session.SessionId, ExpectedVersion = session.Version, Details = changed }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => fixture.Sessions().UpdateSessionAsync(
            new UpdateSessionRequest { SessionId = Guid.NewGuid().ToString(), ExpectedVersion = 1, Details = changed }).ResponseAsync);
    }

    [Fact]
    public async Task A_cancelled_session_keeps_its_reason_and_cannot_change()
    {
        var session = await fixture.ScheduleSessionAsync();

        var cancelled = (await fixture.Sessions().CancelSessionAsync(
            new CancelSessionRequest { SessionId = session.SessionId, ExpectedVersion = session.Version, Reason = "The venue flooded." })).Session;

        Assert.Equal((SessionState.Cancelled, "The venue flooded.", 2L), (cancelled.State, cancelled.CancelReason, cancelled.Version));
        Assert.NotNull(cancelled.CancelledAt);
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Sessions().UpdateSessionAsync(
            new UpdateSessionRequest { SessionId = session.SessionId, ExpectedVersion = cancelled.Version, Details = SessionDetails() }).ResponseAsync);
        Assert.Equal("SESSION_NOT_SCHEDULED", Assert.Single(ex.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations).Type);
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => fixture.Sessions().CancelSessionAsync(
            new CancelSessionRequest { SessionId = session.SessionId, ExpectedVersion = cancelled.Version, Reason = "again" }).ResponseAsync);
        await RpcAssert.InvalidFields(() => fixture.Sessions().CancelSessionAsync(new CancelSessionRequest { SessionId = session.SessionId }).ResponseAsync,
            "expected_version", "reason");
    }

    [Fact]
    public async Task Lists_filter_by_UK_date_and_state_and_page()
    {
        var module = await fixture.CreateModuleAsync();
        // 23:30 UTC on 31 July 2027 is 00:30 on 1 August in the UK
        var august = await fixture.ScheduleSessionAsync(module.Code, SessionDetails(new DateTimeOffset(2027, 7, 31, 23, 30, 0, TimeSpan.Zero)));
        var july = await fixture.ScheduleSessionAsync(module.Code, SessionDetails(new DateTimeOffset(2027, 7, 20, 9, 0, 0, TimeSpan.Zero)));
        var september = await fixture.ScheduleSessionAsync(module.Code, SessionDetails(new DateTimeOffset(2027, 9, 2, 9, 0, 0, TimeSpan.Zero)));
        await fixture.Sessions().CancelSessionAsync(new CancelSessionRequest { SessionId = september.SessionId, ExpectedVersion = 1, Reason = "Too few." });

        var inAugust = await fixture.Sessions().ListSessionsAsync(new ListSessionsRequest
        {
            ModuleCode = module.Code, From = new Google.Type.Date { Year = 2027, Month = 8, Day = 1 }, To = new Google.Type.Date { Year = 2027, Month = 8, Day = 31 },
        });
        Assert.Equal(august.SessionId, Assert.Single(inAugust.Sessions).SessionId);
        var cancelled = await fixture.Sessions().ListSessionsAsync(new ListSessionsRequest { ModuleCode = module.Code, State = SessionState.Cancelled });
        Assert.Equal(september.SessionId, Assert.Single(cancelled.Sessions).SessionId);

        var first = await fixture.Sessions().ListSessionsAsync(new ListSessionsRequest { ModuleCode = module.Code, PageSize = 2 });
        var second = await fixture.Sessions().ListSessionsAsync(new ListSessionsRequest { ModuleCode = module.Code, PageSize = 2, PageToken = first.NextPageToken });
        Assert.Equal([august.SessionId, july.SessionId, september.SessionId], first.Sessions.Concat(second.Sessions).Select(s => s.SessionId));
        Assert.Empty(second.NextPageToken);
        await RpcAssert.InvalidFields(() => fixture.Sessions().ListSessionsAsync(new ListSessionsRequest
        {
            From = new Google.Type.Date { Year = 2027, Month = 9, Day = 1 }, To = new Google.Type.Date { Year = 2027, Month = 8, Day = 1 }, PageToken = "x",
        }).ResponseAsync, "to", "page_token");
    }
}
