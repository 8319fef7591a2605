using Involvement.Contracts.Recruitment;
using Involvement.Contracts.Training;

namespace Involvement.Payments.Fees;

/// <summary>
/// An attendance to pay, whoever published it: recruitment's participation in an opportunity's session, or training's
/// attendance at a paid training session (which stands for its own opportunity: see <see cref="OpportunityStore.ApplyTrainingSessionAsync"/>).
/// </summary>
/// <param name="ParticipationId">Unique per member and session: the fee line's key.</param>
/// <param name="Version">The publisher's version of the attendance; a correction with a higher one wins.</param>
public sealed record FeeAttendance(
    Guid ParticipationId, Guid OpportunityId, Guid SessionId, Guid MemberId, string RoleType, string RateReference, DateTimeOffset SessionStartsAt,
    decimal Hours, long Version)
{
    /// <summary>The role a training attendance is paid as.</summary>
    public const string Trainee = "trainee";

    public static FeeAttendance From(ParticipationRecorded e) =>
        new(e.ParticipationId, e.OpportunityId, e.SessionId, e.MemberId, e.RoleType, e.RateReference, e.SessionStartsAt, e.Hours, e.AggregateVersion);

    public static FeeAttendance From(TrainingAttendanceRecorded e) =>
        new(e.AttendanceId, e.SessionId, e.SessionId, e.MemberId, Trainee, e.RateReference, e.SessionStartsAt, e.Hours, e.AggregateVersion);
}
