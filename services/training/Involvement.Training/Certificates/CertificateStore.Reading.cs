using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Involvement.Training.V1;

namespace Involvement.Training.Certificates;

/// <summary>Certificates as the API shows them, with their status as of today (Europe/London).</summary>
public sealed partial class CertificateStore
{
    public const string TokenList = "certificates";
    public const string ExpiringTokenList = "certificates-expiring";

    public async Task<Certificate> GetAsync(Guid certificateId, CancellationToken cancellationToken) =>
        (await FindAsync(certificateId, cancellationToken))?.ToMessage(clock.Today())
        ?? throw new NotFoundException($"No certificate {certificateId}.");

    /// <summary>The learner a certificate belongs to, null when there is no such certificate.</summary>
    public async Task<Guid?> LearnerOfAsync(Guid certificateId, CancellationToken cancellationToken) =>
        (await FindAsync(certificateId, cancellationToken))?.LearnerId;

    /// <param name="learnerId">Null for everyone's.</param>
    /// <param name="moduleCode">Null for every module.</param>
    public async Task<Page<Certificate>> ListAsync(
        Guid? learnerId, string? moduleCode, CertificateFilter filter, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var rows = await db.QueryAsync<CertificateRow>(
            $"""
            select {CertificateRow.Columns} from certificates
            where (@learnerId::uuid is null or learner_id = @learnerId)
              and (@moduleCode::text is null or module_code = @moduleCode)
              and (not @valid or (superseded_by is null and (expires_on is null or expires_on > @today)))
              and (not @expired or (superseded_by is null and expires_on <= @today))
              and (@after::uuid is null or certificate_id > @after)
            order by certificate_id limit @limit
            """,
            new
            {
                learnerId, moduleCode, valid = filter == CertificateFilter.Valid, expired = filter == CertificateFilter.Expired, today, after,
                limit = pageSize + 1,
            },
            cancellationToken);
        return Page.Of(rows, pageSize, TokenList, r => r.CertificateId).Select(r => r.ToMessage(today));
    }

    /// <summary>
    /// Current certificates that are still valid and expire within <paramref name="withinDays"/> of today, soonest
    /// first (then by id, which the page token carries).
    /// </summary>
    public async Task<Page<Certificate>> ListExpiringAsync(
        Guid? learnerId, string? moduleCode, int withinDays, int pageSize, Guid? after, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var rows = await db.QueryAsync<CertificateRow>(
            $"""
            select {CertificateRow.Columns} from certificates c
            where superseded_by is null and expires_on > @today and expires_on <= @until
              and (@learnerId::uuid is null or learner_id = @learnerId)
              and (@moduleCode::text is null or module_code = @moduleCode)
              and (@after::uuid is null
                   or (expires_on, certificate_id) > (select a.expires_on, a.certificate_id from certificates a where a.certificate_id = @after))
            order by expires_on, certificate_id limit @limit
            """,
            new { learnerId, moduleCode, today, until = today.AddDays(withinDays), after, limit = pageSize + 1 },
            cancellationToken);
        return Page.Of(rows, pageSize, ExpiringTokenList, r => r.CertificateId).Select(r => r.ToMessage(today));
    }

    /// <summary>Every certificate a member holds (subject access), oldest first.</summary>
    public async Task<IReadOnlyList<Certificate>> ListForMemberAsync(UnitOfWork unit, Guid memberId)
    {
        var today = clock.Today();
        var rows = await unit.QueryAsync<CertificateRow>(
            $"select {CertificateRow.Columns} from certificates where learner_id = @memberId order by certificate_id", new { memberId });
        return rows.Select(r => r.ToMessage(today)).ToList();
    }

    private Task<CertificateRow?> FindAsync(Guid certificateId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<CertificateRow>(
            $"select {CertificateRow.Columns} from certificates where certificate_id = @certificateId", new { certificateId }, cancellationToken);
}
