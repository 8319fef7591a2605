using Dapper;
using Involvement.BuildingBlocks.Time;
using Npgsql;

namespace Involvement.FunctionalTests.Training.Certificates;

/// <summary>
/// Certificates written straight into the training database, dated relative to today, for tests of what reads them
/// (the lists, the expiry sweep) without running a session to completion first.
/// </summary>
public sealed class CertificateSeed(Func<NpgsqlConnection> open)
{
    public static DateOnly Today => TimeProvider.System.Today();

    /// <summary>A module code of the test's own, so counts over events and lists see only its certificates.</summary>
    public static string Module() => "module-" + Guid.NewGuid().ToString("N")[..10];

    private static long _lastMs;

    /// <summary>
    /// A strictly later millisecond than any before: version 7 ids made in one millisecond sort at random (their other
    /// bits are random), so seeds in a row get ids in the order made, as lists ordered by id expect.
    /// </summary>
    private static DateTimeOffset NextInstant()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (true)
        {
            var seen = Interlocked.Read(ref _lastMs);
            var next = Math.Max(now, seen + 1);
            if (Interlocked.CompareExchange(ref _lastMs, next, seen) == seen)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(next);
            }
        }
    }

    /// <summary>A current certificate expiring <paramref name="expiresInDays"/> from today (null: never).</summary>
    public async Task<Guid> CertificateAsync(
        string moduleCode, int? expiresInDays, Guid? learnerId = null, string kind = "member", Guid? supersededBy = null, int completedDaysAgo = 400)
    {
        var id = Guid.CreateVersion7(NextInstant());
        await using var db = open();
        await db.ExecuteAsync(
            """
            insert into certificates (certificate_id, number, learner_id, learner_kind, module_code, completed_on, expires_on, superseded_by,
                                      source, source_event_id, issued_at, issued_by)
            values (@id, 'TC-' || nextval('certificate_numbers'), @learnerId, @kind, @moduleCode, @completedOn, @expiresOn, @supersededBy,
                    'by_hand', gen_random_uuid(), now(), 'seed')
            """,
            new
            {
                id, learnerId = learnerId ?? Guid.CreateVersion7(), kind, moduleCode, completedOn = Today.AddDays(-completedDaysAgo),
                expiresOn = expiresInDays is { } days ? Today.AddDays(days) : (DateOnly?)null, supersededBy,
            });
        return id;
    }

    /// <summary>Many certificates in one statement, each its own member's, expiring <paramref name="expiresInDays"/> from today.</summary>
    public async Task ManyAsync(string moduleCode, int count, int expiresInDays)
    {
        await using var db = open();
        await db.ExecuteAsync(
            """
            insert into certificates (certificate_id, number, learner_id, learner_kind, module_code, completed_on, expires_on,
                                      source, source_event_id, issued_at, issued_by)
            select gen_random_uuid(), 'TC-' || nextval('certificate_numbers'), gen_random_uuid(), 'member', @moduleCode, @completedOn, @expiresOn,
                   'by_hand', gen_random_uuid(), now(), 'seed'
            from generate_series(1, @count)
            """,
            new { moduleCode, count, completedOn = Today.AddDays(-400), expiresOn = Today.AddDays(expiresInDays) });
    }

    public async Task<(DateTime? ExpiryPublishedAt, DateTime? RenewalDuePublishedAt)> PublishedAsync(Guid certificateId)
    {
        await using var db = open();
        return await db.QuerySingleAsync<(DateTime?, DateTime?)>(
            "select expiry_published_at, renewal_due_published_at from certificates where certificate_id = @certificateId", new { certificateId });
    }
}
