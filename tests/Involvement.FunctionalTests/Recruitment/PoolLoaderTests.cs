extern alias RecruitmentHost;

using System.Text.Json;
using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Time;
using RecruitmentHost::Involvement.Recruitment.Matching;
using RecruitmentHost::Involvement.Recruitment.Members;
using RecruitmentHost::Involvement.Recruitment.V1;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Involvement.FunctionalTests.Recruitment;

/// <summary>
/// The pool loader reads the tables directly; the <c>match_profiles</c> view (and how the pool used to read it, kept
/// below as the reference) is the definition it must agree with, member by member, whole pool or only changed members.
/// </summary>
public sealed class PoolLoaderTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Reads_every_member_as_the_match_profiles_view_describes_them()
    {
        var ids = await SeedAsync(60);
        var dataSource = fixture.Services.GetRequiredService<NpgsqlDataSource>();
        var viewed = await ViewedAsync(ids);

        var (watermark, whole) = await PoolLoader.ReadAsync(dataSource, null, CancellationToken.None);

        Assert.Equal(ids.Select(id => Describe(viewed[id])), ids.Select(id => Describe(Loaded(whole, id))));
        // The data covers every case: some have left, and each kind of fact is there for some.
        Assert.Contains(viewed.Values, m => m is null);
        Assert.All(new Func<MatchProfile, bool>[]
        {
            m => m.Completions.Length > 0, m => m.CommittedSessions.Length > 0, m => m.OutreachGroups.Length > 0,
            m => m.LastInvolvedOn is not null, m => m.Services.Length > 1, m => m.Locality is null,
        }, has => Assert.Contains(viewed.Values, m => m is not null && has(m)));

        var moved = ids[..10];
        await using (var connection = fixture.OpenDatabase())
        {
            await connection.ExecuteAsync("update members set locality = 'Margate' where member_id = any(@moved)", new { moved });
        }

        var (_, changed) = await PoolLoader.ReadAsync(dataSource, watermark, CancellationToken.None);
        var after = await ViewedAsync(moved);
        Assert.Equal(moved.Select(id => Describe(after[id])), moved.Select(id => Describe(Loaded(changed, id))));
    }

    private static MatchProfile? Loaded(List<(Guid MemberId, MatchProfile? Member)> changes, Guid id) => changes.SingleOrDefault(c => c.MemberId == id).Member;

    /// <summary>Members with something in every table matching reads, varied from one to the next.</summary>
    private async Task<Guid[]> SeedAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        var opportunity = Guid.CreateVersion7();
        await using var connection = fixture.OpenDatabase();
        await connection.ExecuteAsync(
            """
            insert into members (member_id, given_name, family_name, display_name, lived_experience_type, involvement_level, status, email,
                invitation_channels, interests, services_used, care_group, locality, consent_to_hold_data_at, registered_at, updated_at, version)
            select id, 'Pool', 'Member ' || i, 'Pool Member ' || i, 'carer', 1 + i % 7,
                case when i % 10 = 0 then 'paused' when i % 17 = 0 then 'left' else 'active' end, 'pool@example.org',
                case when i % 13 = 0 then '{}'::text[] else array['email'] end,
                array['Topic ' || i % 4, ' topic ' || (i * 7) % 4 || ' ', 'TOPIC ' || (i * 3) % 5],
                case when i % 3 = 0 then '[]'::jsonb else jsonb_build_array(
                    jsonb_build_object('service', 'Service ' || i % 3, 'lastUsed', (date '2024-01-01' + i::int)::text),
                    jsonb_build_object('service', 'Crisis care', 'lastUsed', (date '2025-01-01' + i::int)::text)) end,
                case when i % 5 = 0 then null else 'Care Group ' || i % 3 end, case when i % 6 = 0 then ' ' else 'Locality ' || i % 2 end,
                now(), now(), now(), 1
            from unnest(@ids::uuid[]) with ordinality t(id, i);

            insert into training_completions (member_id, module_code, completed_on, expires_on, expired, source, recorded_at, recorded_by)
            select id, module, date '2025-06-01', case when i % 4 = 0 then date '2026-01-01' + i::int end, i % 9 = 0, 'by_hand', now(), 'test'
            from unnest(@ids::uuid[]) with ordinality t(id, i) cross join unnest(array['Intro', 'safeguarding']) module where i % 3 <> 1;

            insert into scheme_memberships (membership_id, member_id, scheme, started_on, created_at)
            select gen_random_uuid(), id, 'patient_partner', date '2020-01-01' + i::int * 30, now() from unnest(@ids::uuid[]) with ordinality t(id, i) where i % 4 = 2;

            insert into equality_monitoring (member_id, answers, consent_to_outreach, recorded_at, recorded_by)
            select id, jsonb_build_object('ethnicCategory', case when i % 2 = 0 then 'ETHNIC_CATEGORY_H_INDIAN' else 'ETHNIC_CATEGORY_Z_NOT_STATED' end,
                'sex', 'SEX_FEMALE'), i % 3 <> 0, now(), 'test'
            from unnest(@ids::uuid[]) with ordinality t(id, i) where i % 2 = 0 or i % 5 = 1;

            insert into opportunities (opportunity_id, content, status, presence_flags, papers_due_days_before, created_at, updated_at, version)
            values (@opportunity, '{"title": "Loader panel"}', 'published', '{}', 7, now(), now(), 1);
            insert into opportunity_sessions (session_id, opportunity_id, starts_at, ends_at, online, papers_due_on)
            select gen_random_uuid(), @opportunity, timestamptz '2026-03-29 00:30:00+00' + make_interval(months => m), timestamptz '2026-03-29 02:30:00+00' + make_interval(months => m), true, current_date
            from generate_series(-3, 3) m;
            insert into participants (opportunity_id, member_id, state, created_at, version)
            select @opportunity, id, case when i % 2 = 0 then 'selected' else 'reserve' end, now(), 1 from unnest(@ids::uuid[]) with ordinality t(id, i) where i % 3 <> 2;
            insert into attendance (session_id, member_id, opportunity_id, attended, hours, recorded_at, recorded_by)
            select s.session_id, p.member_id, p.opportunity_id, s.starts_at < now() - interval '200 days', case when s.starts_at < now() - interval '200 days' then 2 else 0 end, now(), 'test'
            from participants p join opportunity_sessions s on s.opportunity_id = p.opportunity_id
            where p.opportunity_id = @opportunity and p.state = 'selected' and s.starts_at < now();
            """,
            new { ids, opportunity });
        return ids;
    }

    private async Task<Dictionary<Guid, MatchProfile?>> ViewedAsync(Guid[] ids)
    {
        await using var connection = fixture.OpenDatabase();
        var rows = await connection.QueryAsync<ViewRow>("select * from match_profiles where member_id = any(@ids)", new { ids });
        var profiles = rows.ToDictionary(r => r.MemberId, r => r.Status == "left" ? null : r.ToProfile());
        return ids.ToDictionary(id => id, id => profiles.GetValueOrDefault(id));
    }

    /// <summary>Everything matching reads of a member, lists whose order carries no meaning sorted.</summary>
    private static string Describe(MatchProfile? m) => m is null ? "(not in the pool)" : string.Join(" | ",
        m.MemberId, m.DisplayName, m.Status, m.Level, m.Contactable, m.CareGroup, m.Locality, string.Join(",", m.Interests),
        string.Join(",", m.Services), string.Join(",", m.Completions.Select(c => c.ToString()).Order()), m.LastInvolvedOn,
        string.Join(",", m.CommittedSessions.Select(c => c.ToString()).Order()), string.Join(",", m.OutreachGroups.Select(g => g.ToString())));

    /// <summary>How the pool read <c>match_profiles</c> before the loader (the reference).</summary>
    private sealed class ViewRow
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
        public string Completions { get; init; } = "[]";
        public DateTime? LastInvolvedAt { get; init; }
        public string CommittedSessions { get; init; } = "[]";
        public string? OutreachAnswers { get; init; }

        public MatchProfile ToProfile() => new(
            MemberId, DisplayName, Status, InvolvementLevel, Contactable, Text.KeyOrNull(CareGroup), Text.KeyOrNull(Locality),
            [.. Interests.Select(Text.Key).Distinct()],
            [.. (JsonSerializer.Deserialize<ServiceUse[]>(ServicesUsed, Json) ?? []).Select(s => new ServiceHistory(Text.Key(s.Service), s.LastUsed))],
            [.. (JsonSerializer.Deserialize<StoredCompletion[]>(Completions, Json) ?? []).Select(c => new TrainingCompletion(Text.Key(c.Module), c.Expires, c.Expired))],
            LastInvolvedAt is { } at ? UkTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)) : null,
            [.. (JsonSerializer.Deserialize<StoredSession[]>(CommittedSessions, Json) ?? [])
                .Select(s => (s.Opportunity, Month: UkTime.DateOf(s.Starts))).Select(s => new CommittedSession(s.Opportunity, s.Month.Year, s.Month.Month))],
            OutreachAnswers is null ? [] : EqualityGroups.Of(ProtoJson.Parse<EqualityAnswers>(OutreachAnswers)));
    }

    private sealed record StoredCompletion(string Module, DateOnly? Expires, bool Expired);

    private sealed record StoredSession(Guid Opportunity, DateTimeOffset Starts);
}
