using Dapper;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Training;

/// <summary>Members as recruitment's events make them known to training, for the plan, mentoring and supervision tests.</summary>
public static class SupportSteps
{
    public static DateOnly Today => TimeProvider.System.Today();

    public static Google.Type.Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static string Key() => Guid.NewGuid().ToString();

    /// <summary>An instant at midday UK time on <paramref name="on"/>, so its UK date is that day.</summary>
    public static DateTimeOffset Noon(DateOnly on) => UkTime.InstantOf(on, new TimeOnly(12, 0));

    /// <summary>
    /// A member registered at <paramref name="level"/> on <paramref name="registeredOn"/> (today by default) and, with
    /// <paramref name="activeSince"/>, active from that day; returns once training has taken it all in.
    /// </summary>
    public static async Task<Guid> MemberAsync(this TrainingFixture fixture, int level = 1, DateOnly? activeSince = null, DateOnly? registeredOn = null,
        string name = "Test Member")
    {
        var memberId = Guid.CreateVersion7();
        var registered = Noon(registeredOn ?? activeSince ?? Today);
        await fixture.MemberEvents.PublishAsync(new MemberRegistered(
            Guid.CreateVersion7(), registered, 1, memberId, name, LivedExperienceTypes.ServiceUser, level, registered, null, null));
        if (activeSince is { } on)
        {
            await fixture.MemberEvents.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(), Noon(on), 2, memberId, "active", "applicant"));
        }

        await fixture.StandingAsync(memberId, activeSince is null ? "applicant" : "active", level);
        return memberId;
    }

    public static Task PublishLevelAsync(this TrainingFixture fixture, Guid memberId, int level, long version, DateOnly on, int previous = 1) =>
        fixture.MemberEvents.PublishAsync(new MemberLevelChanged(Guid.CreateVersion7(), Noon(on), version, memberId, level, previous));

    public static Task PublishStatusAsync(this TrainingFixture fixture, Guid memberId, string status, long version, DateOnly on, string previous = "active") =>
        fixture.MemberEvents.PublishAsync(new MemberStatusChanged(Guid.CreateVersion7(), Noon(on), version, memberId, status, previous));

    /// <summary>Waits until training's view of the member (directory and standing) shows this status and level.</summary>
    public static Task StandingAsync(this TrainingFixture fixture, Guid memberId, string status, int level) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = fixture.OpenDatabase();
            return await db.ExecuteScalarAsync<bool>(
                """
                select exists (select 1 from member_standing s join known_members k on k.member_id = s.member_id
                               where s.member_id = @memberId and s.status = @status and s.level = @level)
                """,
                new { memberId, status, level });
        }, what: $"member {memberId} to stand at {status}, level {level}");
}
