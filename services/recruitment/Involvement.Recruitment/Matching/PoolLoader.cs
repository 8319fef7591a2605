using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using Involvement.Recruitment.V1;
using System.Runtime.CompilerServices;
using System.Data;
using Npgsql;

namespace Involvement.Recruitment.Matching;

/// <summary>
/// Reads what matching needs about members from the tables, the whole pool or only the members noted in
/// <c>match_changes</c> since a watermark. One flat, set-based query per table rather than the <c>match_profiles</c>
/// view's four subqueries per member (100,000 members: about 0.5 s instead of 3 to 5 s of database time), and plain
/// columns rather than JSON to parse. All the reads share one snapshot, whose oldest running transaction is the next
/// watermark: whatever they cannot see belongs to a transaction at or after it, and is read next time. The whole
/// pool is read over two connections sharing that snapshot, so both cores work; between changes a catch-up is one
/// short round trip that finds nothing noted.
/// </summary>
public static class PoolLoader
{
    /// <summary>The tables read, a query each, and how a row of each is taken in; split in two halves of similar size.</summary>
    private static readonly Table[][] Halves =
    [
        [
            new("select member_id, display_name, status, involvement_level, cardinality(invitation_channels) > 0, care_group, locality, interests " +
                "from members where status <> 'left'", "member_id", "", (rows, r) => rows.Member(r)),
            new("select m.member_id, s.service->>'service', (s.service->>'lastUsed')::date, s.n " +
                "from members m cross join lateral jsonb_array_elements(m.services_used) with ordinality s(service, n) where m.status <> 'left'",
                "m.member_id", "", (rows, r) => rows.Service(r)),
            new("select a.member_id, max(os.starts_at) from attendance a join opportunity_sessions os on os.session_id = a.session_id where a.attended",
                "a.member_id", " group by a.member_id", (rows, r) => rows.LastInvolved(r)),
        ],
        [
            new("select member_id, module_code, expires_on, expired from training_completions where true", "member_id", "", (rows, r) => rows.Completion(r)),
            new("select p.member_id, os.opportunity_id, os.starts_at from participants p join opportunity_sessions os on os.opportunity_id = p.opportunity_id " +
                "where p.state = 'selected'", "p.member_id", "", (rows, r) => rows.Session(r)),
            new("select member_id, answers::text from equality_monitoring where consent_to_outreach", "member_id", "", (rows, r) => rows.Answers(r)),
        ],
    ];

    /// <summary>The members to apply to the pool in order (null: no longer in it), and the next watermark.</summary>
    public static async Task<(string Watermark, List<(Guid MemberId, MatchProfile? Member)> Changes)> ReadAsync(
        NpgsqlDataSource dataSource, string? since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (since is not null)
        {
            // The usual case between changes: one statement (one snapshot) finds nothing noted, with no transaction to
            // open and close. Its oldest running transaction is as good a watermark as any.
            await using var quick = new NpgsqlCommand(
                "select pg_snapshot_xmin(pg_current_snapshot())::text, exists (select 1 from match_changes where changed_xid >= $1::xid8)", connection)
            {
                Parameters = { new() { Value = since, DataTypeName = "text" } },
            };
            await using var reader = await quick.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(1))
            {
                return (reader.GetString(0), []);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        string watermark, snapshot;
        var changed = new List<Guid>();
        await using (var look = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"select pg_snapshot_xmin(pg_current_snapshot())::text, {(since is null ? "pg_export_snapshot()" : "''")}"),
                new("select member_id from match_changes where changed_xid >= $1::xid8") { Parameters = { new() { Value = (object?)since ?? DBNull.Value, DataTypeName = "text" } } },
            },
        })
        await using (var reader = await look.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (watermark, snapshot) = (reader.GetString(0), reader.GetString(1));
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                changed.Add(reader.GetGuid(0));
            }
        }

        if (since is not null && changed.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return (watermark, []);   // the changes seen a moment ago were already read by an earlier catch-up
        }

        var rows = new PoolRows();
        if (since is null)
        {
            // The second connection reads in the same snapshot as the first (exported above), so the halves agree.
            await using var second = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var secondTransaction = await second.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using (var adopt = new NpgsqlCommand($"set transaction snapshot '{snapshot}'", second, secondTransaction))
            {
                await adopt.ExecuteNonQueryAsync(cancellationToken);
            }

            var other = new PoolRows();
            await Task.WhenAll(
                ReadAsync(connection, transaction, Halves[0], since, rows, cancellationToken),
                ReadAsync(second, secondTransaction, Halves[1], since, other, cancellationToken));
            await secondTransaction.CommitAsync(cancellationToken);
            rows.Add(other);
        }
        else
        {
            // Only the members noted: the same snapshot as the look above (repeatable read), so exactly those it found.
            await ReadAsync(connection, transaction, [.. Halves.SelectMany(h => h)], since, rows, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var members = rows.Members();
        var changes = new List<(Guid, MatchProfile?)>(members.Count + changed.Count);
        changes.AddRange(changed.Where(id => !members.ContainsKey(id)).Select(id => (id, (MatchProfile?)null)));   // left, or gone
        changes.AddRange(members.Select(p => (p.Key, (MatchProfile?)p.Value)));
        return (watermark, changes);
    }

    private static async Task ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Table[] tables, string? since, PoolRows rows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var table in tables)
        {
            var command = new NpgsqlBatchCommand(table.Select + (since is null ? "" : $" and {table.MemberColumn} in (select member_id from match_changes where changed_xid >= $1::xid8)") + table.GroupBy);
            if (since is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = since, DataTypeName = "text" });
            }

            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var table in tables)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                table.Read(rows, reader);
            }

            await reader.NextResultAsync(cancellationToken);
        }
    }

    /// <param name="Select">The query up to its filter: it ends in a where clause, so the filter on changed members is an "and".</param>
    private sealed record Table(string Select, string MemberColumn, string GroupBy, Action<PoolRows, NpgsqlDataReader> Read);

    /// <summary>The members read so far, filled in table by table.</summary>
    private sealed class PoolRows
    {
        private readonly KeyCache _keys = new();

        // Many members hold seats on the same sessions and give the same answers: each is worked out once.
        private readonly Dictionary<DateTimeOffset, DateOnly> _months = [];
        private readonly Dictionary<string, EqualityGroup[]> _groups = new(StringComparer.Ordinal);

        private readonly Dictionary<Guid, ProfileRow> _rows = [];

        /// <summary>The members whose own row was read (others were only named by another table: they left).</summary>
        public Dictionary<Guid, MatchProfile> Members() => _rows.Where(p => p.Value.Found is not null).ToDictionary(p => p.Key, p => p.Value.ToProfile(p.Key));

        /// <summary>Takes in what another reader read of the same members.</summary>
        public void Add(PoolRows other)
        {
            foreach (var (id, row) in other._rows)
            {
                Of(id).Add(row);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Member(NpgsqlDataReader r) => Of(r).Found = new ProfileFields(
            r.GetString(1), string.Intern(r.GetString(2)), r.GetInt32(3), r.GetBoolean(4), _keys.OrNull(r, 5), _keys.OrNull(r, 6),
            _keys.Distinct(r.GetFieldValue<string[]>(7)));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Service(NpgsqlDataReader r) =>
            (Of(r).Services ??= []).Add((r.GetInt64(3), new ServiceHistory(_keys.Of(r.GetString(1)), r.GetFieldValue<DateOnly>(2))));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Completion(NpgsqlDataReader r) =>
            (Of(r).Completions ??= []).Add(new TrainingCompletion(_keys.Of(r.GetString(1)), r.IsDBNull(2) ? null : r.GetFieldValue<DateOnly>(2), r.GetBoolean(3)));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void LastInvolved(NpgsqlDataReader r) => Of(r).LastInvolvedOn = UkTime.DateOf(r.GetFieldValue<DateTimeOffset>(1));

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Session(NpgsqlDataReader r)
        {
            var starts = r.GetFieldValue<DateTimeOffset>(2);
            if (!_months.TryGetValue(starts, out var month))
            {
                _months[starts] = month = UkTime.DateOf(starts);
            }

            (Of(r).CommittedSessions ??= []).Add(new CommittedSession(r.GetGuid(1), month.Year, month.Month));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Answers(NpgsqlDataReader r)
        {
            var answers = r.GetString(1);
            if (!_groups.TryGetValue(answers, out var groups))
            {
                _groups[answers] = groups = EqualityGroups.Of(ProtoJson.Parse<EqualityAnswers>(answers));
            }

            Of(r).OutreachGroups = groups;
        }

        private ProfileRow Of(NpgsqlDataReader r) => Of(r.GetGuid(0));

        private ProfileRow Of(Guid id)
        {
            if (!_rows.TryGetValue(id, out var row))
            {
                _rows[id] = row = new ProfileRow();
            }

            return row;
        }
    }

    /// <summary>One member as read, filled in table by table.</summary>
    private sealed class ProfileRow
    {
        public ProfileFields? Found { get; set; }
        // Lists only for members who have something in them: most have few, and the whole pool is read at once.
        public List<(long Order, ServiceHistory Use)>? Services { get; set; }
        public List<TrainingCompletion>? Completions { get; set; }
        public DateOnly? LastInvolvedOn { get; set; }
        public List<CommittedSession>? CommittedSessions { get; set; }
        public EqualityGroup[] OutreachGroups { get; set; } = [];

        public void Add(ProfileRow other)
        {
            Found ??= other.Found;
            Services = Joined(Services, other.Services);
            Completions = Joined(Completions, other.Completions);
            LastInvolvedOn ??= other.LastInvolvedOn;
            CommittedSessions = Joined(CommittedSessions, other.CommittedSessions);
            OutreachGroups = OutreachGroups.Length > 0 ? OutreachGroups : other.OutreachGroups;
        }

        public MatchProfile ToProfile(Guid id) => new(
            id, Found!.DisplayName, Found.Status, Found.Level, Found.Contactable, Found.CareGroup, Found.Locality, Found.Interests,
            Services is null ? [] : [.. Services.OrderBy(s => s.Order).Select(s => s.Use)], Completions is null ? [] : [.. Completions],
            LastInvolvedOn, CommittedSessions is null ? [] : [.. CommittedSessions], OutreachGroups);

        private static List<T>? Joined<T>(List<T>? mine, List<T>? theirs)
        {
            if (mine is null || theirs is null)
            {
                return mine ?? theirs;
            }

            mine.AddRange(theirs);
            return mine;
        }
    }

    /// <summary>A member's own row.</summary>
    private sealed record ProfileFields(string DisplayName, string Status, int Level, bool Contactable, string? CareGroup, string? Locality, string[] Interests);

    /// <summary><see cref="Text.Key"/> once per distinct spelling: a pool repeats the same few hundred words.</summary>
    private sealed class KeyCache
    {
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

        public string Of(string text)
        {
            if (!_keys.TryGetValue(text, out var key))
            {
                _keys[text] = key = Text.Key(text);
            }

            return key;
        }

        /// <summary>The keys of a list in order, each once (as <c>Select(Of).Distinct()</c>, without a set per member).</summary>
        public string[] Distinct(string[] texts)
        {
            var keys = new List<string>(texts.Length);
            foreach (var text in texts)
            {
                var key = Of(text);
                if (!keys.Contains(key))
                {
                    keys.Add(key);
                }
            }

            return [.. keys];
        }

        public string? OrNull(NpgsqlDataReader reader, int column) =>
            reader.IsDBNull(column) || string.IsNullOrWhiteSpace(reader.GetString(column)) ? null : Of(reader.GetString(column));
    }
}
