// Benchmarks (a command, not a test). Needs the test PostgreSQL and RabbitMQ: scripts/bench starts them.
//   RegisterMember on a real recruitment process vs the bare baseline RPC, at the same number of callers;
//   then, with the pool filled to 100,000 members, matching one opportunity; then the outbox drain rate; then fee
//   creation from ParticipationRecorded on a real payments process (--fees-only runs just that). Enrol on a real
//   training process against the same baseline (--enrolment-only stops after it, skipping the pool and later runs).
//   --rest-only: GetMember and RegisterMember over gRPC and over REST/JSON on the same recruitment process.
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Involvement.Benchmark.V1;
using Involvement.Benchmarks;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.BuildingBlocks.Security;
using Involvement.Contracts.Recruitment;
using Involvement.Recruitment.V1;
using Involvement.TestKit;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;

var callers = ArgInt("callers", 32);
var seconds = ArgInt("seconds", 15);
var events = ArgInt("events", 20000);
var poolSize = ArgInt("pool", 100_000);
var feeEvents = ArgInt("fee-events", 20000);
var warmUp = TimeSpan.FromSeconds(3);
if (args.Contains("--fees-only"))
{
    Console.WriteLine($"Involvement fee benchmark — {Environment.ProcessorCount} cores; load average {LoadAverage()}");
    await FeeCreation.RunAsync(Directory.CreateTempSubdirectory("involvement-bench-").FullName, feeEvents);
    return 0;
}

if (args.Contains("--payment-run-only"))
{
    await using var runHost = await TestVirtualHost.CreateAsync();
    await PaymentRunBench.RunAsync(ArgInt("claims", 10_000), runHost, Directory.CreateTempSubdirectory("involvement-bench-").FullName);
    return 0;
}

if (args.Contains("--reporting-ingest-only") || args.Contains("--metric-query-only") || args.Contains("--watch-only"))
{
    DataExtensions.UseDapperConventions();
    Console.WriteLine($"Involvement reporting benchmark — {Environment.ProcessorCount} cores; load average {LoadAverage()}");
    await using var reportingHost = await TestVirtualHost.CreateAsync();
    if (args.Contains("--reporting-ingest-only"))
    {
        await ReportingBench.IngestAsync(reportingHost, Directory.CreateTempSubdirectory("involvement-bench-").FullName, ArgInt("reporting-events", 20_000));
    }

    if (args.Contains("--metric-query-only"))
    {
        await ReportingBench.QueryAsync(reportingHost, callers, warmUp, TimeSpan.FromSeconds(seconds));
    }

    if (args.Contains("--watch-only"))
    {
        await ReportingBench.WatchAsync(reportingHost, ArgInt("subscribers", 1000), ArgInt("changes", 20));
    }

    return 0;
}

if (args.Contains("--rest-only"))
{
    Console.WriteLine($"Involvement REST/JSON beside gRPC — {Environment.ProcessorCount} cores, {callers} callers, {seconds}s per run; load average {LoadAverage()}");
    await RestBench.RunAsync(callers, warmUp, TimeSpan.FromSeconds(seconds), Directory.CreateTempSubdirectory("involvement-bench-").FullName);
    return 0;
}

if (args.Contains("--expiry-sweep-only"))
{
    await using var sweepHost = await TestVirtualHost.CreateAsync();
    await ExpirySweepBench.RunAsync(ArgInt("certificates", 100_000), ArgInt("due", 1_000), sweepHost, Directory.CreateTempSubdirectory("involvement-bench-").FullName);
    return 0;
}

var enrolmentOnly = args.Contains("--enrolment-only");
if (!enrolmentOnly)
{
    MatcherCpu.Run(poolSize);
}

if (args.Contains("--matcher-only"))
{
    return 0;
}

var logs = Directory.CreateTempSubdirectory("involvement-bench-").FullName;

await using var vhost = await TestVirtualHost.CreateAsync();
var recruitmentDb = TestInfrastructure.UniqueDatabaseName("bench_recruitment");
var baselineDb = TestInfrastructure.UniqueDatabaseName("bench_baseline");
await TestInfrastructure.CreateDatabaseAsync(recruitmentDb, "recruitment");
var recruitmentSettings = ServiceSettings.For("recruitment", recruitmentDb, vhost.Name);
recruitmentSettings["Recruitment:Population:ethnic_category:ETHNIC_CATEGORY_H_INDIAN"] = "25";   // so outreach has work to do
await using var recruitment = new ServiceProcess("Recruitment", recruitmentSettings, logs);
var starting = Stopwatch.StartNew();
await recruitment.StartAsync();
var readyNew = starting.Elapsed;
await recruitment.KillAsync();   // again, migrated: how soon a service with an empty pool is ready
starting.Restart();
await recruitment.StartAsync();
var readyEmpty = starting.Elapsed;
// A subscriber's durable queue, so published events are really stored by the broker.
await vhost.BindQueueAsync("bench-subscriber", "Involvement.Contracts.Recruitment:MemberRegistered");

await using var baseline = await StartBaselineAsync(baselineDb);
var baselinePort = new Uri(baseline.Urls.First()).Port;

Console.WriteLine($"Involvement benchmarks — {Environment.ProcessorCount} cores, {callers} callers, {seconds}s per run after {warmUp.TotalSeconds}s warm-up; load average {LoadAverage()}");
Console.WriteLine($"recruitment ready (SERVING), empty pool: {readyEmpty.TotalMilliseconds:F0} ms (first start, creating and migrating its database: {readyNew.TotalMilliseconds:F0} ms)");
using var baselineChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{baselinePort}");
var baselineClient = new BaselineService.BaselineServiceClient(baselineChannel);
var bare = await LoadRun.RunAsync("baseline InsertRow", callers, warmUp, TimeSpan.FromSeconds(seconds),
    (c, i) => baselineClient.InsertRowAsync(new InsertRowRequest { Name = $"row-{c}-{i}" }).ResponseAsync);
Console.WriteLine(bare);

using var recruitmentChannel = recruitment.OpenChannel();
var client = new MemberService.MemberServiceClient(recruitmentChannel.CreateCallInvoker().As(Roles.PpiTeam));
var run = Guid.NewGuid().ToString("N")[..8];
var cpuBefore = recruitment.CpuTime;
var register = await LoadRun.RunAsync("recruitment RegisterMember", callers, warmUp, TimeSpan.FromSeconds(seconds),
    (c, i) => client.RegisterMemberAsync(new RegisterMemberRequest
    {
        IdempotencyKey = $"bench-{run}-{c}-{i}",
        GivenName = "Bench",
        FamilyName = $"Member {c}-{i}",
        LivedExperienceType = LivedExperienceType.ServiceUser,
        Details = new MemberDetails { Contact = new ContactDetails { Email = "bench@example.org" } },
        ConsentToHoldData = true,
    }).ResponseAsync);
Console.WriteLine(register);
Console.WriteLine($"  recruitment CPU per RegisterMember (warm-up included): {CpuPerCall(recruitment.CpuTime - cpuBefore, register):F2} ms");
Console.WriteLine($"RegisterMember / baseline throughput: {register.PerSecond / bare.PerSecond:P0}");
if (!enrolmentOnly)
{
    await ClaimsBench.RunAsync(vhost.Name, logs, callers, warmUp, TimeSpan.FromSeconds(seconds), bare);
}

await EnrolmentBench.RunAsync(vhost.Name, logs, callers, warmUp, TimeSpan.FromSeconds(seconds), bare);
if (enrolmentOnly)
{
    await baseline.StopAsync();
    await recruitment.KillAsync();
    await TestInfrastructure.DropDatabaseAsync(recruitmentDb);
    await TestInfrastructure.DropDatabaseAsync(baselineDb);
    return 0;
}

await PoolData.FillAsync(recruitmentDb, poolSize);
var opportunities = new OpportunityService.OpportunityServiceClient(recruitmentChannel.CreateCallInvoker().As(Roles.PpiTeam));
var opportunity = await PublishBenchOpportunityAsync(opportunities);
var matching = new MatchingService.MatchingServiceClient(recruitmentChannel.CreateCallInvoker().As(Roles.PpiTeam));
var first = Stopwatch.StartNew();
var sample = await matching.MatchMembersAsync(new MatchMembersRequest { OpportunityId = opportunity.OpportunityId, Limit = 50 });
Console.WriteLine($"first match (loads the pool)  {first.Elapsed.TotalMilliseconds:F0} ms: {sample.MembersConsidered} members considered, " +
    $"{sample.Candidates.Count} candidates ({sample.Outreach.MembersAdded} by outreach), {sample.Excluded.Count} relevant but excluded");
cpuBefore = recruitment.CpuTime;
var match = await LoadRun.RunAsync("recruitment MatchMembers", callers, warmUp, TimeSpan.FromSeconds(seconds),
    (_, _) => matching.MatchMembersAsync(new MatchMembersRequest { OpportunityId = opportunity.OpportunityId, Limit = 50 }).ResponseAsync);
Console.WriteLine(match);
Console.WriteLine($"  recruitment CPU per MatchMembers (warm-up included): {CpuPerCall(recruitment.CpuTime - cpuBefore, match):F2} ms");

// One caller: the CPU one match costs the service with nothing queued behind it.
cpuBefore = recruitment.CpuTime;
var alone = await LoadRun.RunAsync("recruitment MatchMembers", 1, warmUp, TimeSpan.FromSeconds(5),
    (_, _) => matching.MatchMembersAsync(new MatchMembersRequest { OpportunityId = opportunity.OpportunityId, Limit = 50 }).ResponseAsync);
Console.WriteLine(alone);
Console.WriteLine($"  recruitment CPU per MatchMembers alone (warm-up included): {CpuPerCall(recruitment.CpuTime - cpuBefore, alone):F2} ms");

// A restart with the full pool: ready at once, and the pool's first load timed to the first match it answers.
await recruitment.KillAsync();
starting.Restart();
await recruitment.StartAsync();
var readyFull = starting.Elapsed;
using (var restarted = recruitment.OpenChannel())
{
    await new MatchingService.MatchingServiceClient(restarted.CreateCallInvoker().As(Roles.PpiTeam))
        .MatchMembersAsync(new MatchMembersRequest { OpportunityId = opportunity.OpportunityId, Limit = 50 });
}

Console.WriteLine($"restart with {poolSize:N0} members: ready (SERVING) in {readyFull.TotalMilliseconds:F0} ms, first match answered " +
    $"{starting.Elapsed.TotalMilliseconds:F0} ms after start; {PoolLoaded(recruitment.LogPath)}");

var drain = await MeasureDrainAsync(recruitmentDb, events);
Console.WriteLine($"outbox drain                 {events} events in {drain.TotalSeconds:F2}s = {events / drain.TotalSeconds:F0} events/s " +
    $"({events / drain.TotalSeconds / register.PerSecond:F1}x RegisterMember's write rate)");

await FeeCreation.RunAsync(logs, feeEvents);
await PaymentRunBench.RunAsync(ArgInt("claims", 10_000), vhost, logs);
await ExpirySweepBench.RunAsync(ArgInt("certificates", 100_000), ArgInt("due", 1_000), vhost, logs);

await baseline.StopAsync();
await recruitment.KillAsync();
await TestInfrastructure.DropDatabaseAsync(recruitmentDb);
await TestInfrastructure.DropDatabaseAsync(baselineDb);
return 0;

// Writes pending outbox rows straight into recruitment's database, then times its relay publishing them all.
static async Task<TimeSpan> MeasureDrainAsync(string database, int count)
{
    await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString(database));
    await connection.OpenAsync();
    await Eventually.TrueAsync(async () => await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where sent_at is null") == 0,
        TimeSpan.FromMinutes(2), "the outbox to empty before the drain run");
    var rows = Enumerable.Range(0, count).Select(_ => Events.MemberRegistered()).ToArray();
    await connection.ExecuteAsync(
        "insert into outbox_messages (id, message_type, payload, occurred_at) select * from unnest(@Ids, @Types, @Payloads::jsonb[], @Times)",
        new
        {
            Ids = rows.Select(r => r.EventId).ToArray(),
            Types = rows.Select(_ => typeof(MemberRegistered).FullName!).ToArray(),
            Payloads = rows.Select(r => JsonSerializer.Serialize(r, EventJson.Options)).ToArray(),
            Times = rows.Select(r => r.OccurredAt.UtcDateTime).ToArray(),
        });
    var watch = Stopwatch.StartNew();
    await Eventually.TrueAsync(async () => await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where sent_at is null") == 0,
        TimeSpan.FromMinutes(5), "the relay to drain the outbox");
    return watch.Elapsed;
}

static async Task<Opportunity> PublishBenchOpportunityAsync(OpportunityService.OpportunityServiceClient opportunities)
{
    var starts = DateTimeOffset.UtcNow.AddDays(20);
    var draft = (await opportunities.CreateOpportunityAsync(new CreateOpportunityRequest
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Content = new OpportunityContent
        {
            Title = "Benchmark panel", Purpose = "Measure matching", IntendedOutcomes = { "A number" }, RoleType = RoleType.CriticalFriend,
            LevelRequired = InvolvementLevel.InformedDecisions, TrainingPrerequisites = { "intro-participation" },
            PaymentOffer = new PaymentOffer { RateReference = "contributor-session", Description = "£20 per session" },
            Kind = OpportunityKind.Panel,
            CostCentre = "PPI-BENCH",
            Sessions = { new SessionDraft { StartsAt = Timestamp.FromDateTimeOffset(starts), EndsAt = Timestamp.FromDateTimeOffset(starts.AddHours(2)), Online = true } },
            Seats = 3, ReserveSeats = 1, CareGroup = "care group 3", Locality = "locality 5", Topics = { "topic 3", "topic 9" },
        },
    })).Opportunity;
    return (await opportunities.PublishOpportunityAsync(new PublishOpportunityRequest { OpportunityId = draft.OpportunityId, ExpectedVersion = draft.Version })).Opportunity;
}

static async Task<WebApplication> StartBaselineAsync(string database)
{
    await using (var admin = new NpgsqlConnection(TestInfrastructure.ConnectionString("postgres")))
    {
        await admin.ExecuteAsync($"create database \"{database}\"");
    }

    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, ServiceProcess.FreePort(), l => l.Protocols = HttpProtocols.Http2));
    builder.Services.AddGrpc();
    builder.Services.AddSingleton(NpgsqlDataSource.Create(TestInfrastructure.ConnectionString(database)));
    var app = builder.Build();
    app.MapGrpcService<BaselineApi>();
    await using (var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
    {
        await connection.ExecuteAsync(BaselineApi.Schema);
    }

    await app.StartAsync();
    return app;
}

// The run is closed-loop for warm-up + duration; CPU is divided by the calls made in both (the warm-up at the same rate).
double CpuPerCall(TimeSpan cpu, LoadResult run) => cpu.TotalMilliseconds / (run.PerSecond * (run.Elapsed + warmUp).TotalSeconds);

// The service logs how long its pool's first load took (MatchPoolWarmUp).
static string PoolLoaded(string log) =>
    File.ReadLines(log).LastOrDefault(l => l.Contains("Match pool loaded", StringComparison.Ordinal)) is { } line
        ? JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString()!
        : "the pool's load was not logged";

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

int ArgInt(string name, int fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
