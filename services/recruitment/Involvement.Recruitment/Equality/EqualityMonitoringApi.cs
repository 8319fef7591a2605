using Involvement.BuildingBlocks.Data;
using Grpc.Core;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.Equality;
using Involvement.Recruitment.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Recruitment.Equality;

/// <summary>
/// Equality monitoring over gRPC. Only the PPI team (who monitor representation and run outreach) and the member
/// themselves may see or change answers; project leads, finance, trainers and reporting consumers may not.
/// </summary>
[Authorize(Roles = $"{Roles.PpiTeam},{Roles.Member}")]
public sealed class EqualityMonitoringApi(Db db, EqualityStore equality, EqualitySnapshots snapshots) : EqualityMonitoringService.EqualityMonitoringServiceBase
{
    public override async Task<RecordEqualityMonitoringResponse> RecordEqualityMonitoring(RecordEqualityMonitoringRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var answers = request.Answers ?? new EqualityAnswers();
        v.Enum("answers.age", answers.Age, required: false);
        v.Enum("answers.disability", answers.Disability, required: false);
        v.Enum("answers.gender_reassignment", answers.GenderReassignment, required: false);
        v.Enum("answers.marriage_or_civil_partnership", answers.MarriageOrCivilPartnership, required: false);
        v.Enum("answers.pregnancy_or_maternity", answers.PregnancyOrMaternity, required: false);
        v.Enum("answers.ethnic_category", answers.EthnicCategory, required: false);
        v.Enum("answers.religion_or_belief", answers.ReligionOrBelief, required: false);
        v.Enum("answers.sex", answers.Sex, required: false);
        v.Enum("answers.sexual_orientation", answers.SexualOrientation, required: false);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return new RecordEqualityMonitoringResponse
        {
            Monitoring = await db.InTransactionAsync(
                unit => equality.RecordAsync(unit, memberId, answers, request.ConsentToOutreach, context.Caller()), context.CancellationToken),
        };
    }

    public override async Task<GetEqualityMonitoringResponse> GetEqualityMonitoring(GetEqualityMonitoringRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        var purpose = v.Required("purpose", request.Purpose, 200);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return new GetEqualityMonitoringResponse
        {
            Monitoring = await db.InTransactionAsync(unit => equality.GetAsync(unit, memberId, purpose, context.Caller()), context.CancellationToken),
        };
    }

    public override async Task<ListEqualityAccessLogResponse> ListEqualityAccessLog(ListEqualityAccessLogRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var memberId = v.Id("member_id", request.MemberId);
        v.ThrowIfInvalid();
        context.EnsureMayActOnMember(memberId, Roles.PpiTeam);
        return new ListEqualityAccessLogResponse { Entries = { await equality.ListAccessAsync(memberId, limit: 500, context.CancellationToken) } };
    }

    [Authorize(Roles = Roles.PpiTeam)]
    public override async Task<PublishEqualitySnapshotResponse> PublishEqualitySnapshot(PublishEqualitySnapshotRequest request, ServerCallContext context)
    {
        var snapshot = await db.InTransactionAsync(unit => snapshots.TakeAsync(unit, scheduled: false), context.CancellationToken);
        return new PublishEqualitySnapshotResponse
        {
            Version = snapshot.AggregateVersion, PeriodStart = ProtoDates.ToProto(snapshot.PeriodStart), PeriodEnd = ProtoDates.ToProto(snapshot.PeriodEnd),
            PoolMembers = snapshot.PoolMembers, InvolvedMembers = snapshot.InvolvedMembers,
            Pool = { snapshot.Pool.Select(ToMessage) },
            Involved = { snapshot.Involved.Select(ToMessage) },
        };
    }

    private static EqualityCount ToMessage(EqualityAnswerCount c) => new() { Question = c.Question, Answer = c.Answer, Members = c.Members };
}
