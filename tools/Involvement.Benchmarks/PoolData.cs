using Dapper;
using Involvement.TestKit;
using Npgsql;

namespace Involvement.Benchmarks;

/// <summary>
/// Fills recruitment's database up to a pool size with varied members, straight in SQL (registering 100,000 through
/// the API would take minutes and measures nothing new): 12 care groups, 20 localities, 40 interests, every level,
/// mostly active; training completions, equality answers (half with outreach consent) and past attendance for some.
/// </summary>
public static class PoolData
{
    public static async Task FillAsync(string database, int poolSize)
    {
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        await connection.OpenAsync();
        var existing = await connection.ExecuteScalarAsync<int>("select count(*)::int from members");
        await connection.ExecuteAsync(
            """
            insert into members (member_id, given_name, family_name, display_name, lived_experience_type, involvement_level, status, email,
                invitation_channels, interests, services_used, care_group, locality, consent_to_hold_data_at, registered_at, updated_at, version)
            select gen_random_uuid(), 'Pool', 'Member ' || i, 'Pool Member ' || i,
                (array['service_user', 'carer', 'family_member', 'public'])[1 + i % 4], 1 + i % 7,
                case when i % 10 = 0 then 'paused' when i % 23 = 0 then 'applicant' else 'active' end, 'pool' || i || '@example.org',
                case when i % 13 = 0 then '{}'::text[] else array['email'] end,
                array['topic ' || i % 40, 'topic ' || (i * 7) % 40, 'topic ' || (i * 13) % 40],
                jsonb_build_array(jsonb_build_object('service', 'service ' || i % 30, 'lastUsed', (date '2024-01-01' + i % 1000)::text)),
                'care group ' || i % 12, 'locality ' || i % 20, now(), now(), now(), 1
            from generate_series(@from, @to) i
            """,
            new { from = existing + 1, to = poolSize }, commandTimeout: 600);
        await connection.ExecuteAsync(
            """
            insert into training_completions (member_id, module_code, completed_on, expires_on, source, recorded_at, recorded_by)
            select member_id, 'intro-participation', date '2025-06-01', case when random() < 0.1 then date '2026-01-01' end, 'by_hand', now(), 'bench'
            from members where random() < 0.6
            on conflict do nothing;

            insert into equality_monitoring (member_id, answers, consent_to_outreach, recorded_at, recorded_by)
            select member_id,
                jsonb_build_object('ethnicCategory', (array['ETHNIC_CATEGORY_A_WHITE_BRITISH', 'ETHNIC_CATEGORY_A_WHITE_BRITISH', 'ETHNIC_CATEGORY_A_WHITE_BRITISH',
                    'ETHNIC_CATEGORY_C_ANY_OTHER_WHITE', 'ETHNIC_CATEGORY_H_INDIAN', 'ETHNIC_CATEGORY_N_AFRICAN', 'ETHNIC_CATEGORY_Z_NOT_STATED'])[1 + (random() * 6)::int]),
                random() < 0.5, now(), 'bench'
            from members where random() < 0.5
            on conflict do nothing;

            -- A year of past sessions, and a third of the pool attending one of them, so fairness has history to weigh.
            insert into opportunities (opportunity_id, content, status, presence_flags, papers_due_days_before, created_at, updated_at, version)
            values ('00000000-0000-7000-8000-00000000b0b0', '{"title": "Past panels"}', 'published', '{}', 7, now(), now(), 1)
            on conflict do nothing;
            insert into opportunity_sessions (session_id, opportunity_id, starts_at, ends_at, online, papers_due_on)
            select ('00000000-0000-7000-8000-0000000000' || lpad(m::text, 2, '0'))::uuid, '00000000-0000-7000-8000-00000000b0b0',
                now() - make_interval(months => m), now() - make_interval(months => m) + interval '2 hours', true, current_date
            from generate_series(1, 12) m
            on conflict do nothing;
            insert into participants (opportunity_id, member_id, state, created_at, version)
            select '00000000-0000-7000-8000-00000000b0b0', member_id, 'selected', now(), 1 from members where random() < 0.33
            on conflict do nothing;
            insert into attendance (session_id, member_id, opportunity_id, attended, hours, recorded_at, recorded_by)
            select ('00000000-0000-7000-8000-0000000000' || lpad((1 + (random() * 11)::int)::text, 2, '0'))::uuid, member_id, opportunity_id, true, 2, now(), 'bench'
            from participants where opportunity_id = '00000000-0000-7000-8000-00000000b0b0'
            on conflict do nothing;
            analyze;
            """,
            commandTimeout: 600);
    }
}
