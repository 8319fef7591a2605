using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.Members;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.Training.Mentoring;

/// <summary>Mentoring: trainers and the PPI team manage mentors and pairings; a member sees the pairings they are in.</summary>
public sealed class MentoringApi(Db db, MentoringStore mentoring, TimeProvider clock, ILogger<MentoringApi> logger) : MentoringService.MentoringServiceBase
{
    private const int MaxCap = 50;
    private const int MaxMeetingMinutes = 600;

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<RegisterMentorResponse> RegisterMentor(RegisterMentorRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var learnerId = v.Id("learner_id", request.LearnerId);
        v.Must(request.Cap is >= 0 and <= MaxCap, "cap", $"must be from 1 to {MaxCap}, or 0 for the trust's cap.");
        var expected = v.ExpectedVersionOrNew("expected_version", request.ExpectedVersion);
        v.ThrowIfInvalid();
        int? cap = request.Cap == 0 ? null : request.Cap;
        return new RegisterMentorResponse
        {
            Mentor = await db.InTransactionAsync(unit => mentoring.RegisterAsync(unit, learnerId, cap, expected, context.Caller()), context.CancellationToken),
        };
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<ListMentorsResponse> ListMentors(ListMentorsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, MentoringStore.MentorTokenList, v);
        v.ThrowIfInvalid();
        var page = await mentoring.ListMentorsAsync(request.WithRoomOnly, pageSize, after, context.CancellationToken);
        return new ListMentorsResponse { Mentors = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<StartPairingResponse> StartPairing(StartPairingRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var mentorId = v.Id("mentor_id", request.MentorId);
        var menteeId = v.Id("mentee_member_id", request.MenteeMemberId);
        var startedOn = ProtoDates.Required(v, "started_on", request.StartedOn);
        v.Must(startedOn <= clock.Today(), "started_on", "cannot be in the future.");
        v.ThrowIfInvalid();
        var response = await db.ExecuteOnceAsync(nameof(StartPairing), context.Caller(), key, request,
            async unit => new StartPairingResponse { Pairing = await mentoring.StartAsync(unit, mentorId, menteeId, startedOn, context.Caller()) },
            context.CancellationToken);
        MentoringLog.Started(logger, response.Pairing.PairingId, response.Pairing.MentorId, response.Pairing.MenteeMemberId);
        return response;
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<EndPairingResponse> EndPairing(EndPairingRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var pairingId = v.Id("pairing_id", request.PairingId);
        var expected = v.ExpectedVersion("expected_version", request.ExpectedVersion);
        var endedOn = ProtoDates.Required(v, "ended_on", request.EndedOn);
        v.Must(endedOn <= clock.Today(), "ended_on", "cannot be in the future.");
        v.ThrowIfInvalid();
        var pairing = await db.InTransactionAsync(unit => mentoring.EndAsync(unit, pairingId, expected, endedOn, context.Caller()), context.CancellationToken);
        MentoringLog.Ended(logger, pairing.PairingId);
        return new EndPairingResponse { Pairing = pairing };
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<LogMeetingResponse> LogMeeting(LogMeetingRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var pairingId = v.Id("pairing_id", request.PairingId);
        var metOn = ProtoDates.Required(v, "met_on", request.MetOn);
        v.Must(metOn <= clock.Today(), "met_on", "cannot be in the future.");
        v.Must(request.DurationMinutes is >= 1 and <= MaxMeetingMinutes, "duration_minutes", $"must be from 1 to {MaxMeetingMinutes}.");
        v.ThrowIfInvalid();
        return await db.ExecuteOnceAsync(nameof(LogMeeting), context.Caller(), key, request, async unit =>
        {
            var (meeting, pairing) = await mentoring.LogMeetingAsync(unit, pairingId, metOn, request.DurationMinutes, context.Caller());
            return new LogMeetingResponse { Meeting = meeting, Pairing = pairing };
        }, context.CancellationToken);
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<ListPairingsResponse> ListPairings(ListPairingsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        Guid? mentorId = string.IsNullOrEmpty(request.MentorId) ? null : v.Id("mentor_id", request.MentorId);
        Guid? menteeId = string.IsNullOrEmpty(request.MenteeMemberId) ? null : v.Id("mentee_member_id", request.MenteeMemberId);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, MentoringStore.PairingTokenList, v);
        v.ThrowIfInvalid();
        var page = await mentoring.ListPairingsAsync(mentorId, menteeId, request.OpenOnly, MemberCaller.OwnOnly(context), pageSize, after, context.CancellationToken);
        return new ListPairingsResponse { Pairings = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<ListUnmentoredNewRepresentativesResponse> ListUnmentoredNewRepresentatives(
        ListUnmentoredNewRepresentativesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, MentoringStore.NewRepresentativeTokenList, v);
        v.ThrowIfInvalid();
        var page = await mentoring.ListUnmentoredAsync(pageSize, after, context.CancellationToken);
        return new ListUnmentoredNewRepresentativesResponse { Representatives = { page.Items }, NextPageToken = page.NextPageToken };
    }
}
