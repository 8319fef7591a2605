using Dapper;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.FunctionalTests.Recruitment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Involvement.FunctionalTests.Platform;

/// <summary>Bookkeeping rows go once they are past their age, in batches; rows still within it, and unsent events, stay.</summary>
public sealed class RetentionTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    [Fact]
    public async Task Old_processed_messages_idempotent_responses_and_sent_events_are_pruned_in_batches()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using (var db = fixture.OpenDatabase())
        {
            // Five of each past the defaults (30 days, 7 days, 7 days), one of each within them, and an old unsent event.
            foreach (var (age, n) in new[] { ("40 days", 5), ("1 day", 1) })
            {
                await db.ExecuteAsync(
                    $"""
                    insert into processed_messages (consumer, message_id, processed_at)
                    select @marker, gen_random_uuid(), now() - interval '{age}' from generate_series(1, {n});
                    insert into idempotent_requests (operation, caller, idempotency_key, request_hash, created_at)
                    select @marker, @marker, gen_random_uuid()::text, '\x00', now() - interval '{age}' from generate_series(1, {n});
                    insert into outbox_messages (id, message_type, payload, occurred_at, sent_at)
                    select gen_random_uuid(), @marker, '[]', now(), now() - interval '{age}' from generate_series(1, {n});
                    """, new { marker });
            }

            await db.ExecuteAsync(
                "insert into outbox_messages (id, message_type, payload, occurred_at, created_at) values (gen_random_uuid(), @marker, '{}', now(), now() - interval '40 days')",
                new { marker });
        }

        var pruner = new RetentionPruner(fixture.Services.GetRequiredService<NpgsqlDataSource>(),
            Options.Create(new RetentionOptions { PruneBatchSize = 2 }), Options.Create(new OutboxOptions()), TimeProvider.System, NullLogger<RetentionPruner>.Instance);

        Assert.True(await pruner.PruneAsync(CancellationToken.None) >= 15);

        await using var check = fixture.OpenDatabase();
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("select count(*) from processed_messages where consumer = @marker", new { marker }));
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("select count(*) from idempotent_requests where operation = @marker", new { marker }));
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type = @marker and sent_at is not null", new { marker }));
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type = @marker and sent_at is null", new { marker }));
    }
}
