using Dapper;
using Involvement.BuildingBlocks.Security;
using Involvement.TestKit;
using Involvement.Training.V1;
using Npgsql;

namespace Involvement.Benchmarks;

/// <summary>
/// Enrol on a real training process against the bare baseline: every call enrols a different learner on one of 500
/// scheduled sessions of a module with a prerequisite, so each claims its idempotency key, resolves the learner, locks
/// the session, checks the module, audience and the prerequisite's certificate, counts places, inserts the enrolment and
/// reads it back. Sessions never fill (200 learners each, capacity 1,000), so this is the enrolled path, not the waiting list.
/// </summary>
public static class EnrolmentBench
{
    private const int Sessions = 500;
    private const int Learners = 200;

    public static async Task RunAsync(string virtualHost, string logs, int callers, TimeSpan warmUp, TimeSpan duration, LoadResult baseline)
    {
        var database = TestInfrastructure.UniqueDatabaseName("bench_training");
        await TestInfrastructure.CreateDatabaseAsync(database, "training");
        await using var training = new ServiceProcess("Training", ServiceSettings.For("training", database, virtualHost), logs);
        await training.StartAsync();
        var (sessions, learners) = await SeedAsync(database);
        using var channel = training.OpenChannel();
        var client = new EnrolmentService.EnrolmentServiceClient(channel.CreateCallInvoker().As(Roles.Trainer));
        var next = -1;
        var cpuBefore = training.CpuTime;
        var enrol = await LoadRun.RunAsync("training Enrol", callers, warmUp, duration, (_, _) =>
        {
            var n = Interlocked.Increment(ref next);
            return client.EnrolAsync(new EnrolRequest
            {
                IdempotencyKey = $"bench-{n}",
                SessionId = sessions[n % Sessions].ToString(),
                LearnerId = learners[n / Sessions % Learners].ToString(),
            }).ResponseAsync;
        });
        Console.WriteLine(enrol);
        Console.WriteLine($"  training CPU per Enrol (warm-up included): " +
            $"{(training.CpuTime - cpuBefore).TotalMilliseconds / (enrol.PerSecond * (enrol.Elapsed + warmUp).TotalSeconds):F2} ms");
        Console.WriteLine($"Enrol / baseline throughput: {enrol.PerSecond / baseline.PerSecond:P0}");
        await training.KillAsync();
        await TestInfrastructure.DropDatabaseAsync(database);
    }

    /// <summary>A module needing another, 500 sessions of it next month, and 200 member learners holding the prerequisite.</summary>
    private static async Task<(Guid[] Sessions, Guid[] Learners)> SeedAsync(string database)
    {
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            insert into modules (code, title, audience, mode, duration_minutes, validity_months, status, version, created_at, created_by, updated_at, updated_by)
            values ('bench-intro', 'Bench introduction', 'both', 'in_person', 120, null, 'active', 1, now(), 'bench', now(), 'bench'),
                   ('bench-module', 'Bench module', 'both', 'in_person', 180, 24, 'active', 1, now(), 'bench', now(), 'bench');
            insert into module_prerequisites (module_code, prerequisite_code) values ('bench-module', 'bench-intro');
            insert into training_sessions (session_id, module_code, venue, online, capacity, state, version, created_at, created_by, updated_at, updated_by)
            select gen_random_uuid(), 'bench-module', 'Bench room', false, 1000, 'scheduled', 1, now(), 'bench', now(), 'bench' from generate_series(1, @Sessions);
            insert into session_days (session_id, day_number, starts_at, ends_at)
            select session_id, 1, now() + interval '30 days', now() + interval '30 days 3 hours' from training_sessions;
            insert into learners (learner_id, kind, version, created_at, created_by, updated_at, updated_by)
            select gen_random_uuid(), 'member', 1, now(), 'bench', now(), 'bench' from generate_series(1, @Learners);
            insert into certificates (certificate_id, number, learner_id, learner_kind, module_code, completed_on, expires_on, source, source_event_id, issued_at, issued_by)
            select gen_random_uuid(), 'TC-B' || lpad(row_number() over ()::text, 6, '0'), learner_id, 'member', 'bench-intro', current_date - 10, null,
                   'by_hand', gen_random_uuid(), now(), 'bench'
            from learners;
            """,
            new { Sessions, Learners });
        var sessions = (await connection.QueryAsync<Guid>("select session_id from training_sessions order by session_id")).ToArray();
        var learners = (await connection.QueryAsync<Guid>("select learner_id from learners order by learner_id")).ToArray();
        return (sessions, learners);
    }
}
