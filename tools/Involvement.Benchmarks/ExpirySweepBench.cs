extern alias TrainingHost;

using System.Diagnostics;
using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Time;
using Involvement.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TrainingHost::Involvement.Training;
using TrainingHost::Involvement.Training.Expiry;

namespace Involvement.Benchmarks;

/// <summary>
/// The expiry sweep over many certificates with a few due: a real training process (migrated, relaying its outbox to a
/// durable subscriber queue) and its database filled with certificates, most far from expiry; the sweep (the
/// service's own <see cref="ExpirySweep"/>, called here as an operator would) is timed to find, mark and write the
/// due events, and then to the broker holding every one of them.
/// </summary>
public static class ExpirySweepBench
{
    public static async Task RunAsync(int certificates, int due, TestVirtualHost vhost, string logs)
    {
        DataExtensions.UseDapperConventions();
        var database = TestInfrastructure.UniqueDatabaseName("bench_training");
        await TestInfrastructure.CreateDatabaseAsync(database, "training");
        var settings = ServiceSettings.For("training", database, vhost.Name);
        settings["Outbox:PollInterval"] = "00:00:00.100";   // the sweep runs in this process, so the service's relay is not signalled
        await using var training = new ServiceProcess("Training", settings, logs);
        await training.StartAsync();
        await vhost.BindQueueAsync("bench-expired", "Involvement.Contracts.Training:TrainingExpired");
        await vhost.BindQueueAsync("bench-renewal-due", "Involvement.Contracts.Training:TrainingRenewalDue");

        var connectionString = TestInfrastructure.ConnectionString(database);
        var expired = due * 3 / 5;
        await SeedAsync(connectionString, certificates, expired, due - expired);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var signal = new OutboxSignal();
        var options = new TrainingOptions();
        var sweep = new ExpirySweep(new Db(dataSource, signal), Options.Create(options), TimeProvider.System, NullLogger<ExpirySweep>.Instance);

        var watch = Stopwatch.StartNew();
        var result = await sweep.SweepAsync(CancellationToken.None);
        var swept = watch.Elapsed;
        await WaitForOutboxAsync(connectionString);
        var published = watch.Elapsed;
        watch.Restart();
        var again = await sweep.SweepAsync(CancellationToken.None);
        var idle = watch.Elapsed;

        Console.WriteLine($"expiry sweep over {certificates:N0} certificates, {due:N0} due (batches of {options.ExpirySweepBatchSize}): " +
            $"{result.Expired:N0} TrainingExpired + {result.RenewalDue:N0} TrainingRenewalDue found, marked and written in {swept.TotalMilliseconds:F0} ms; " +
            $"all on the broker after {published.TotalMilliseconds:F0} ms; a sweep with nothing due {idle.TotalMilliseconds:F1} ms ({again.Expired + again.RenewalDue} published)");

        await training.KillAsync();
        await TestInfrastructure.DropDatabaseAsync(database);
    }

    /// <summary>
    /// Members' current certificates: <paramref name="expired"/> lapsed in the last weeks, <paramref name="renewalDue"/>
    /// within the renewal notice, and the rest expiring months or years away (a tenth superseded, a tenth never expiring).
    /// </summary>
    private static async Task SeedAsync(string connectionString, int total, int expired, int renewalDue)
    {
        var today = TimeProvider.System.Today();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            insert into certificates (certificate_id, number, learner_id, learner_kind, module_code, completed_on, expires_on,
                                      source, source_event_id, issued_at, issued_by)
            select gen_random_uuid(), 'TC-' || lpad(n::text, 6, '0'), gen_random_uuid(), 'member', 'module-' || (n % 40),
                   @today - 400,
                   case when n <= @expired then @today - (n % 20)
                        when n <= @expired + @renewalDue then @today + 1 + (n % 29)
                        when n % 10 = 0 then null
                        else @today + 60 + (n % 1000) end,
                   'by_hand', gen_random_uuid(), now(), 'bench'
            from generate_series(1, @total) as n
            """,
            new { today, expired, renewalDue, total }, commandTimeout: 300);
        // the superseded tenth, all replaced by one never-expiring certificate (which they are is all the sweep sees)
        await connection.ExecuteAsync(
            """
            update certificates set superseded_by = (select certificate_id from certificates where expires_on is null limit 1)
            where right(number, 1) = '5' and expires_on > @today + 59
            """,
            new { today }, commandTimeout: 300);
        await connection.ExecuteAsync("analyze certificates");
    }

    private static async Task WaitForOutboxAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await Eventually.TrueAsync(
            async () => await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where sent_at is null") == 0,
            TimeSpan.FromMinutes(2), "the training outbox to drain");
    }
}
