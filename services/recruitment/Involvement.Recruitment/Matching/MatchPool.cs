using Involvement.BuildingBlocks.Time;
using System.Text.Json;
using Dapper;
using Google.Protobuf;
using Involvement.BuildingBlocks.Data;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.Opportunities;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// The pool as matching sees it, held in memory so a match over 100,000 members takes milliseconds. Before each match
/// it catches up with the database: it reads the members noted in <c>match_changes</c> since the oldest transaction
/// that was still running when it last looked, so a match always sees every change committed before it began.
/// </summary>
public sealed class MatchPool(Db db) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, MatchProfile> _profiles = [];
    private MatchProfile[] _snapshot = [];
    private string? _watermark;

    public async Task<IReadOnlyCollection<MatchProfile>> CurrentAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await db.DataSource.OpenConnectionAsync(cancellationToken);
            // One round trip, two statements in order: the watermark is taken before the read, so anything the read
            // misses belongs to a transaction at or after it and is read next time.
            using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                "select pg_snapshot_xmin(pg_current_snapshot())::text;" + (_watermark is null
                    ? "select * from match_profiles"
                    : "select p.* from match_profiles p where p.member_id in (select member_id from match_changes where changed_xid >= @since::xid8)"),
                new { since = _watermark }, cancellationToken: cancellationToken));
            var watermark = await results.ReadSingleAsync<string>();
            var rows = await results.ReadAsync<ProfileRow>();
            var changed = _watermark is null;
            foreach (var row in rows)
            {
                changed = true;
                if (row.Status == "left")
                {
                    _profiles.Remove(row.MemberId);
                }
                else
                {
                    _profiles[row.MemberId] = row.ToProfile();
                }
            }

            _watermark = watermark;
            if (changed)
            {
                _snapshot = [.. _profiles.Values];
            }

            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed class ProfileRow
    {
        public Guid MemberId { get; init; }
        public string DisplayName { get; init; } = "";
        public string Status { get; init; } = "";
        public int InvolvementLevel { get; init; }
        public bool Contactable { get; init; }
        public string? CareGroup { get; init; }
        public string? Locality { get; init; }
        public string[] Interests { get; init; } = [];
        public string ServicesUsed { get; init; } = "[]";
        public DateOnly? PatientPartnerSince { get; init; }
        public string Completions { get; init; } = "[]";
        public DateTime? LastInvolvedAt { get; init; }
        public string CommittedSessions { get; init; } = "[]";
        public string? OutreachAnswers { get; init; }

        public MatchProfile ToProfile() => new(
            MemberId,
            DisplayName,
            string.Intern(Status),
            InvolvementLevel,
            Contactable,
            Text.KeyOrNull(CareGroup),
            Text.KeyOrNull(Locality),
            Interests.Select(Text.Key).Distinct().ToArray(),
            (JsonSerializer.Deserialize<ServiceUse[]>(ServicesUsed, Json) ?? []).Select(s => new ServiceHistory(Text.Key(s.Service), s.LastUsed)).ToArray(),
            PatientPartnerSince,
            (JsonSerializer.Deserialize<StoredCompletion[]>(Completions, Json) ?? [])
                .Select(c => new TrainingCompletion(Text.Key(c.Module), c.Expires, c.Expired)).ToArray(),
            LastInvolvedAt is { } at ? UkTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)) : null,
            (JsonSerializer.Deserialize<StoredSession[]>(CommittedSessions, Json) ?? [])
                .Select(s => UkTime.DateOf(s.Starts)).Zip(JsonSerializer.Deserialize<StoredSession[]>(CommittedSessions, Json) ?? [])
                .Select(p => new CommittedSession(p.Second.Opportunity, p.First.Year, p.First.Month)).ToArray(),
            OutreachAnswers is null ? [] : EqualityGroups.Of(ProtoJson.Parse<EqualityAnswers>(OutreachAnswers)));
    }

    private sealed record StoredCompletion(string Module, DateOnly? Expires, bool Expired);

    private sealed record StoredSession(Guid Opportunity, DateTimeOffset Starts);
}
