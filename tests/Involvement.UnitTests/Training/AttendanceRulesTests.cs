using Involvement.BuildingBlocks.Data;
using Involvement.Training.Attendance;

namespace Involvement.UnitTests.Training;

public sealed class AttendanceRulesTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static AttendedDay Day(Guid learner, int day, TimeSpan length, bool attended, string kind = "member") =>
        new(learner, kind, day, Day1.AddDays(day - 1), Day1.AddDays(day - 1) + length, attended);

    [Fact]
    public void Hours_sum_the_days_attended_and_the_first_attended_day_starts_the_attendance()
    {
        var member = Guid.NewGuid();

        var attendee = Assert.Single(AttendanceRules.Attendees([
            Day(member, 1, TimeSpan.FromHours(3), attended: false),
            Day(member, 2, TimeSpan.FromHours(2.5), attended: true),
            Day(member, 3, TimeSpan.FromHours(3), attended: true),
        ]));

        Assert.Equal((member, 5.5m, Day1.AddDays(1)), (attendee.LearnerId, attendee.Hours, attendee.FirstStartsAt));
    }

    [Fact]
    public void Nobody_who_missed_every_day_is_an_attendee_and_staff_are_told_apart()
    {
        var absent = Guid.NewGuid();
        var staff = Guid.NewGuid();

        var attendee = Assert.Single(AttendanceRules.Attendees([
            Day(absent, 1, TimeSpan.FromHours(3), attended: false),
            Day(staff, 1, TimeSpan.FromHours(3), attended: true, kind: "staff"),
        ]));

        Assert.Equal((staff, false), (attendee.LearnerId, attendee.IsMember));
    }

    [Theory]
    [InlineData(60, 1.0)]
    [InlineData(67, 1.0)]      // 7 minutes over: down
    [InlineData(68, 1.25)]     // 8 minutes over: up
    [InlineData(97.5, 1.75)]   // exactly half way: up
    [InlineData(5, 0.0)]
    public void Lengths_round_to_the_nearest_quarter_hour(double minutes, double hours) =>
        Assert.Equal((decimal)hours, AttendanceRules.QuarterHours(TimeSpan.FromMinutes(minutes).Ticks));

    [Fact]
    public void An_attendance_id_is_the_same_for_a_session_and_learner_and_differs_otherwise()
    {
        var session = Guid.NewGuid();
        var learner = Guid.NewGuid();

        Assert.Equal(AttendanceRules.AttendanceId(session, learner), AttendanceRules.AttendanceId(session, learner));
        Assert.NotEqual(AttendanceRules.AttendanceId(session, learner), AttendanceRules.AttendanceId(learner, session));
        Assert.NotEqual(AttendanceRules.AttendanceId(session, learner), AttendanceRules.AttendanceId(session, Guid.NewGuid()));
        Assert.Equal(StableIds.Of(session, learner), AttendanceRules.AttendanceId(session, learner));
    }
}
