using Dapper;
using Involvement.BuildingBlocks.Security;
using Involvement.Payments.V1;
using Involvement.TestKit;
using Npgsql;

namespace Involvement.Benchmarks;

/// <summary>
/// SubmitClaim on a real payments process against the bare baseline: every call submits a different draft claim (one
/// member's, with a parking expense), so each locks its claim, checks caps, fixes the due date and payment method,
/// writes ClaimSubmitted to the outbox and reads the claim back with its lines and threshold warnings.
/// </summary>
public static class ClaimsBench
{
    public static async Task RunAsync(string virtualHost, string logs, int callers, TimeSpan warmUp, TimeSpan duration, LoadResult baseline)
    {
        var database = TestInfrastructure.UniqueDatabaseName("bench_payments");
        await TestInfrastructure.CreateDatabaseAsync(database, "payments");
        var settings = ServiceSettings.For("payments", database, virtualHost);
        settings["Payments:WeeklyFeeThresholdPence"] = "5000";
        settings["Payments:ExpenseCaps:parking"] = "2000";
        await using var payments = new ServiceProcess("Payments", settings, logs);
        await payments.StartAsync();
        // More drafts than the run can submit at many times the baseline's rate.
        var drafts = await SeedDraftsAsync(database, (int)Math.Max(20_000, baseline.PerSecond * (warmUp + duration).TotalSeconds * 1.5));
        using var channel = payments.OpenChannel();
        var client = new ClaimService.ClaimServiceClient(channel.CreateCallInvoker().As(Roles.PpiTeam));
        var next = -1;
        var cpuBefore = payments.CpuTime;
        var submit = await LoadRun.RunAsync("payments SubmitClaim", callers, warmUp, duration, (_, _) =>
        {
            var claimId = drafts[Interlocked.Increment(ref next)];
            return client.SubmitClaimAsync(new SubmitClaimRequest { ClaimId = claimId.ToString(), ExpectedVersion = 1 }).ResponseAsync;
        });
        Console.WriteLine(submit);
        Console.WriteLine($"  payments CPU per SubmitClaim (warm-up included): " +
            $"{(payments.CpuTime - cpuBefore).TotalMilliseconds / (submit.PerSecond * (submit.Elapsed + warmUp).TotalSeconds):F2} ms");
        Console.WriteLine($"SubmitClaim / baseline throughput: {submit.PerSecond / baseline.PerSecond:P0}");
        await payments.KillAsync();
        await TestInfrastructure.DropDatabaseAsync(database);
    }

    /// <summary>Draft claims straight in SQL, each with one parking line, spread over 1,000 known members.</summary>
    private static async Task<Guid[]> SeedDraftsAsync(string database, int count)
    {
        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            insert into known_members (member_id, display_name, member_version, updated_at)
            select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'Bench member ' || n, 1, now() from generate_series(1, 1000) n;
            insert into opportunities (opportunity_id, title, kind, cost_centre, rate_reference, role_type, published_on, event_version, updated_at)
            values ('00000000-0000-4000-9000-000000000001', 'Bench', 'panel', 'PPI-BENCH', 'contributor-session', 'co_worker', current_date - 30, 1, now());
            insert into opportunity_sessions (session_id, opportunity_id, starts_at, ends_at)
            values ('00000000-0000-4000-9000-000000000002', '00000000-0000-4000-9000-000000000001', now() - interval '1 day', now() - interval '22 hours');
            """);
        var ids = await connection.QueryAsync<Guid>(
            """
            with drafts as (
                insert into claims (claim_id, reference, member_id, state, created_at, created_by, version)
                select gen_random_uuid(), 'C-' || lpad(nextval('claim_numbers')::text, 6, '0'),
                    ('00000000-0000-4000-8000-' || lpad((n % 1000 + 1)::text, 12, '0'))::uuid, 'draft', now(), 'bench', 1
                from generate_series(1, @count) n
                returning claim_id)
            insert into expense_lines (expense_line_id, claim_id, category, opportunity_id, session_id, incurred_on, amount_pence, cost_centre, created_at, created_by)
            select gen_random_uuid(), claim_id, 'parking', '00000000-0000-4000-9000-000000000001', '00000000-0000-4000-9000-000000000002',
                current_date - 1, 650, 'PPI-BENCH', now(), 'bench'
            from drafts
            returning claim_id
            """,
            new { count });
        return [.. ids];
    }
}
