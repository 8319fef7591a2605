using System.Text.Json;
using Involvement.TestKit;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Involvement.EndToEndTests;

/// <summary>
/// Each service's own broker user and database role stop it from acting as another: the separation the whole system
/// runs with (every other test proves each service still works with only its own users).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SeparationTests(SystemFixture system)
{
    private const string MemberRegistered = "Involvement.Contracts.Recruitment:MemberRegistered";

    [Fact]
    public async Task Payments_cannot_publish_a_forged_member_registered_and_reporting_counts_only_the_real_one()
    {
        var before = await system.ReportedMembersAsync();
        await using var connection = await ConnectAsync("payments");
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        // An envelope as MassTransit writes it; its content never matters, as the broker refuses it unread.
        var forged = JsonSerializer.SerializeToUtf8Bytes(new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { $"urn:message:{MemberRegistered}" },
            message = new { eventId = Guid.NewGuid(), memberId = Guid.NewGuid(), aggregateVersion = 1 },
        });

        await Assert.ThrowsAnyAsync<Exception>(() => channel.BasicPublishAsync(MemberRegistered, "", forged).AsTask());

        AssertRefused(channel.CloseReason);
        // A real member, registered after the forgery, is counted; had the forgery got through it would be counted too.
        await system.RegisterAsync("Real");
        await Eventually.TrueAsync(async () => await system.ReportedMembersAsync() >= before + 1, what: "reporting to count the real member");
        await system.QueuesDrainedAsync();
        Assert.Equal(before + 1, await system.ReportedMembersAsync());
    }

    [Fact]
    public async Task A_service_cannot_consume_another_services_queue()
    {
        await using var connection = await ConnectAsync("payments");
        await using var channel = await connection.CreateChannelAsync();

        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(
            () => channel.BasicConsumeAsync("reporting-member-registered", autoAck: false, new AsyncEventingBasicConsumer(channel)));

        AssertRefused(refused.ShutdownReason);
    }

    [Fact]
    public async Task A_service_cannot_connect_to_another_services_database_but_can_to_its_own()
    {
        await using var own = await TestInfrastructure.OpenAsServiceAsync("payments", system.DatabaseOf("Payments"));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => TestInfrastructure.OpenAsServiceAsync("payments", system.DatabaseOf("Recruitment")));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private static void AssertRefused(ShutdownEventArgs? reason)
    {
        Assert.NotNull(reason);
        Assert.Equal(403, reason.ReplyCode);
        Assert.StartsWith("ACCESS_REFUSED", reason.ReplyText, StringComparison.Ordinal);
    }

    private Task<IConnection> ConnectAsync(string service)
    {
        var account = BrokerPermissions.Of(service);
        return new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = TestInfrastructure.RabbitMqPort,
            VirtualHost = system.VirtualHost.Name,
            UserName = account.User,
            Password = account.LocalPassword,
        }.CreateConnectionAsync();
    }
}
