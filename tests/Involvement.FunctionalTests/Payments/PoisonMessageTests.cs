using System.Net.Http.Headers;
using System.Text;
using Involvement.TestKit;

namespace Involvement.FunctionalTests.Payments;

public sealed class PoisonMessageTests(PaymentsFixture fixture) : IClassFixture<PaymentsFixture>
{
    [Fact]
    public async Task A_message_that_cannot_be_read_ends_in_the_error_queue_and_the_queue_keeps_flowing()
    {
        using var http = new HttpClient { BaseAddress = TestInfrastructure.RabbitMqManagement };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{TestInfrastructure.RabbitMqUser}:{TestInfrastructure.RabbitMqPassword}")));
        var body = """
            {"properties":{"content_type":"application/vnd.masstransit+json","message_id":"0d3b1a5e-0000-4000-8000-000000000001"},
             "routing_key":"","payload":"{ this is not json","payload_encoding":"string"}
            """;
        var exchange = Uri.EscapeDataString("Involvement.Contracts.Recruitment:MemberRegistered");

        var response = await http.PostAsync($"api/exchanges/{Uri.EscapeDataString(fixture.VirtualHost.Name)}/{exchange}/publish",
            new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();

        await Eventually.TrueAsync(async () => await fixture.VirtualHost.QueueDepthAsync(fixture.QueueName + "_error") >= 1,
            what: "the poison message to reach the _error queue");

        var good = Events.MemberRegistered(displayName: "After The Poison");
        await fixture.MemberEvents.PublishAsync(good);
        var (name, _) = await Eventually.ValueAsync(() => fixture.GetAsync(good.MemberId.ToString(), fixture.AllowedRole));
        Assert.Equal("After The Poison", name);
    }
}
