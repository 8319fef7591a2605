using System.Text.Json;
using Dapper;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts.Recruitment;
using Involvement.FunctionalTests.Recruitment;
using Involvement.TestKit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Involvement.FunctionalTests.Platform;

/// <summary>What every host has, exercised on recruitment: health, reflection, the outbox relay, no usage telemetry.</summary>
public sealed class PlatformTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("readiness")]
    [InlineData("liveness")]
    public async Task Health_answers_without_a_token(string service)
    {
        var reply = await new Health.HealthClient(fixture.Calls(role: null)).CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Health_of_an_unknown_service_is_not_found()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => new Health.HealthClient(fixture.Calls(role: null)).CheckAsync(new HealthCheckRequest { Service = "nonsense" }).ResponseAsync);
    }

    [Fact]
    public async Task Reflection_lists_the_service_without_a_token()
    {
        using var call = new ServerReflection.ServerReflectionClient(fixture.Calls(role: null)).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("involvement.recruitment.v1.MemberService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task The_relay_publishes_rows_left_pending_by_a_crash()
    {
        // A row committed but never published (the process died before the relay ran) and no signal to wake the relay.
        var leftBehind = Events.MemberRegistered(displayName: "Left Behind");
        await using (var db = fixture.OpenDatabase())
        {
            await db.ExecuteAsync(
                "insert into outbox_messages (id, message_type, payload, occurred_at) values (@Id, @Type, @Payload::jsonb, now())",
                new { Id = leftBehind.EventId, Type = typeof(MemberRegistered).FullName, Payload = JsonSerializer.Serialize(leftBehind, EventJson.Options) });
        }

        var published = await fixture.MemberEvents.WaitForAsync(e => e.EventId == leftBehind.EventId);

        Assert.Equal("Left Behind", published.DisplayName);
        await using var check = fixture.OpenDatabase();
        await Eventually.TrueAsync(async () => await check.ExecuteScalarAsync<bool>(
            "select sent_at is not null from outbox_messages where id = @EventId", new { leftBehind.EventId }), what: "the row to be marked sent");
    }

    [Fact]
    public async Task A_row_that_can_never_be_published_is_parked_and_does_not_hold_back_the_rest()
    {
        var poison = Guid.CreateVersion7();
        var good = Events.MemberRegistered(displayName: "Behind The Poison");
        await using (var db = fixture.OpenDatabase())
        {
            await db.ExecuteAsync(
                "insert into outbox_messages (id, message_type, payload, occurred_at) values (@poison, 'Involvement.Contracts.NoSuchEvent', '{}'::jsonb, now())",
                new { poison });
            await db.ExecuteAsync(
                "insert into outbox_messages (id, message_type, payload, occurred_at) values (@Id, @Type, @Payload::jsonb, now())",
                new { Id = good.EventId, Type = typeof(MemberRegistered).FullName, Payload = JsonSerializer.Serialize(good, EventJson.Options) });
        }

        await fixture.MemberEvents.WaitForAsync(e => e.EventId == good.EventId);

        await using var check = fixture.OpenDatabase();
        await Eventually.TrueAsync(async () => await check.ExecuteScalarAsync<bool>(
            "select parked_at is not null from outbox_messages where id = @poison", new { poison }), what: "the poison row to be parked");
        var row = await check.QuerySingleAsync<(DateTime? SentAt, string LastError)>(
            "select sent_at, last_error from outbox_messages where id = @poison", new { poison });
        Assert.Null(row.SentAt);
        Assert.Contains("unknown event type", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void MassTransit_usage_telemetry_is_switched_off()
    {
        Assert.False(fixture.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
