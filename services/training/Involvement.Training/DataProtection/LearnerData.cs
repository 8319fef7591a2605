using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Training.Attendance;
using Involvement.Training.Certificates;
using Involvement.Training.Enrolments;
using Involvement.Training.Learners;
using Involvement.Training.Members;
using Involvement.Training.Mentoring;
using Involvement.Training.Plans;
using Involvement.Training.Resources;
using Involvement.Training.Sessions;
using Involvement.Training.Supervision;
using Involvement.Training.V1;

namespace Involvement.Training.DataProtection;

/// <summary>
/// What every training area holds on a member, composed from each area's own <c>ListForMemberAsync</c> and
/// <c>EraseMemberAsync</c>, so an area that adds a record adds it to subject access and erasure in one place.
/// </summary>
public sealed class LearnerData(
    ResourceStore resources,
    EnrolmentStore enrolments,
    AttendanceStore attendance,
    CertificateStore certificates,
    DevelopmentPlanStore plans,
    MentoringStore mentoring,
    SupervisionStore supervision,
    MemberStandingStore standing)
{
    /// <exception cref="NotFoundException">Training has never heard of the member (so cannot hold anything on them).</exception>
    public async Task<ExportLearnerDataResponse> ExportAsync(UnitOfWork unit, Guid memberId)
    {
        var learner = await LearnerStore.FindMemberAsync(unit, memberId)
            ?? throw new NotFoundException($"Training has never heard of member {memberId}, so holds nothing on them.");
        return new ExportLearnerDataResponse
        {
            Learner = learner,
            SessionsFacilitated = { await SessionStore.ListForMemberAsync(unit, memberId) },
            ResourcesGiven = { await resources.ListForMemberAsync(unit, memberId) },
            Enrolments = { await enrolments.ListForMemberAsync(unit, memberId) },
            Attendance = { await attendance.ListForMemberAsync(unit, memberId) },
            Certificates = { await certificates.ListForMemberAsync(unit, memberId) },
            Goals = { await plans.ListForMemberAsync(unit, memberId) },
            Pairings = { await mentoring.ListForMemberAsync(unit, memberId) },
            SupportSessions = { await supervision.ListForMemberAsync(unit, memberId) },
            Standing = await standing.FindAsync(unit, memberId),
        };
    }

    /// <summary>
    /// Removes the member's free text and anything naming them from every area, keeping anonymous facts (completions,
    /// attendance, counts); stored responses to creates that mention them are forgotten.
    /// </summary>
    public async Task EraseAsync(UnitOfWork unit, Guid memberId)
    {
        await LearnerStore.EraseMemberAsync(unit, memberId);
        await SessionStore.EraseMemberAsync(unit, memberId);
        await resources.EraseMemberAsync(unit, memberId);
        await enrolments.EraseMemberAsync(unit, memberId);
        await attendance.EraseMemberAsync(unit, memberId);
        await certificates.EraseMemberAsync(unit, memberId);
        await plans.EraseMemberAsync(unit, memberId);
        await mentoring.EraseMemberAsync(unit, memberId);
        await supervision.EraseMemberAsync(unit, memberId);
        await IdempotentRequests.ForgetResponsesMentioningAsync(unit, memberId.ToString());
    }
}
