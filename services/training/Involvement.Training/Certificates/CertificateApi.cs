using Grpc.Core;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Security;
using Involvement.Training.Members;
using Involvement.Training.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Involvement.Training.Certificates;

/// <summary>
/// Completions and certificates. Trainers and the PPI team record completions and read everyone's certificates; a
/// member reads only their own, and is told nothing about anyone else's (not even whether it exists).
/// </summary>
public sealed class CertificateApi(Db db, CertificateStore certificates, IOptions<TrainingOptions> options, ILogger<CertificateApi> logger)
    : CertificateService.CertificateServiceBase
{
    private const int MaxWithinDays = 366;

    [Authorize(Roles = MemberCaller.Staff)]
    public override async Task<RecordCompletionResponse> RecordCompletion(RecordCompletionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var key = v.IdempotencyKey("idempotency_key", request.IdempotencyKey);
        var sessionId = v.Id("session_id", request.SessionId);
        var learnerIds = ValidCertificateQuery.Learners(v, request.LearnerIds);
        v.ThrowIfInvalid();
        var response = await db.ExecuteOnceAsync(nameof(RecordCompletion), context.Caller(), key, request,
            async unit => new RecordCompletionResponse
            {
                Certificates = { await certificates.RecordCompletionAsync(unit, sessionId, learnerIds, context.Caller()) },
            },
            context.CancellationToken);
        CertificateLog.CompletionRecorded(logger, sessionId, response.Certificates.Count);
        return response;
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<GetCertificateResponse> GetCertificate(GetCertificateRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var certificateId = v.Id("certificate_id", request.CertificateId);
        v.ThrowIfInvalid();
        if (!context.IsInAnyRole(MemberCaller.StaffRoles))
        {
            // a missing certificate and someone else's look the same to a member
            var learnerId = await certificates.LearnerOfAsync(certificateId, context.CancellationToken);
            context.EnsureMayActOnMember(learnerId ?? Guid.Empty, MemberCaller.StaffRoles);
        }

        return new GetCertificateResponse { Certificate = await certificates.GetAsync(certificateId, context.CancellationToken) };
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<ListCertificatesResponse> ListCertificates(ListCertificatesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var query = ValidCertificateQuery.From(v, request.LearnerId, request.ModuleCode);
        var filter = v.Enum("filter", request.Filter, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, CertificateStore.TokenList, v);
        v.ThrowIfInvalid();
        var page = await certificates.ListAsync(LearnerFor(context, query.LearnerId), query.ModuleCode, filter, pageSize, after, context.CancellationToken);
        return new ListCertificatesResponse { Certificates = { page.Items }, NextPageToken = page.NextPageToken };
    }

    [Authorize(Roles = MemberCaller.StaffOrMember)]
    public override async Task<ListExpiringSoonResponse> ListExpiringSoon(ListExpiringSoonRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var withinDays = v.CountOrDefault("within_days", request.WithinDays, MaxWithinDays, options.Value.ExpiringSoonDays);
        var query = ValidCertificateQuery.From(v, request.LearnerId, request.ModuleCode);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, CertificateStore.ExpiringTokenList, v);
        v.ThrowIfInvalid();
        var page = await certificates.ListExpiringAsync(
            LearnerFor(context, query.LearnerId), query.ModuleCode, withinDays, pageSize, after, context.CancellationToken);
        return new ListExpiringSoonResponse { Certificates = { page.Items }, NextPageToken = page.NextPageToken };
    }

    /// <summary>Whose certificates a list shows: trainers and the PPI team name anyone (or no one: all); a member only themself.</summary>
    private static Guid? LearnerFor(ServerCallContext context, Guid? requested)
    {
        if (context.IsInAnyRole(MemberCaller.StaffRoles))
        {
            return requested;
        }

        var self = context.MemberId() ?? throw new PermissionDeniedException("A member may only see their own certificates.");
        context.EnsureMayActOnMember(requested ?? self, MemberCaller.StaffRoles);
        return self;
    }
}
