using System.Net.Http.Headers;
using System.Text;

namespace Involvement.TestKit;

/// <summary>
/// A RabbitMQ virtual host of a fixture's own (made through the management API), so its exchanges and queues
/// see no other fixture's messages and the suite passes in any order, in parallel.
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private static readonly HttpClient Management = CreateClient();

    private readonly List<string> _users = [];

    private TestVirtualHost(string name) => Name = name;

    public string Name { get; }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var vhost = new TestVirtualHost($"test-{Guid.NewGuid():N}");
        var path = Uri.EscapeDataString(vhost.Name);
        (await Management.PutAsync($"api/vhosts/{path}", Json("{}"))).EnsureSuccessStatusCode();
        // The tests' own probes run as the admin; each service as its own user, with only its patterns.
        await GrantAsync(path, TestInfrastructure.RabbitMqUser, ".*", ".*", ".*");
        foreach (var service in BrokerPermissions.All)
        {
            await GrantAsync(path, service.User, service.Configure, service.Write, service.Read);
        }

        return vhost;
    }

    private static async Task GrantAsync(string vhostPath, string user, string configure, string write, string read) =>
        (await Management.PutAsync($"api/permissions/{vhostPath}/{Uri.EscapeDataString(user)}",
            Json(System.Text.Json.JsonSerializer.Serialize(new { configure, write, read })))).EnsureSuccessStatusCode();

    /// <summary>
    /// A broker user of its own (no tags: no management access) with only these permissions on this virtual host, as an
    /// operator would make for a system outside Involvement; removed with the virtual host. Returns its name and password.
    /// </summary>
    public async Task<(string User, string Password)> AddUserAsync(string configure, string write, string read)
    {
        var user = $"test-user-{Guid.NewGuid():N}";
        var password = Guid.NewGuid().ToString("N");
        (await Management.PutAsync($"api/users/{user}",
            Json(System.Text.Json.JsonSerializer.Serialize(new { password, tags = "" })))).EnsureSuccessStatusCode();
        _users.Add(user);
        await GrantAsync(Uri.EscapeDataString(Name), user, configure, write, read);
        return (user, password);
    }

    public async ValueTask DisposeAsync()
    {
        await Management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");
        foreach (var user in _users)
        {
            await Management.DeleteAsync($"api/users/{user}");
        }
    }

    /// <summary>How many messages sit in a queue of this virtual host (0 if it does not exist).</summary>
    public async Task<int> QueueDepthAsync(string queue)
    {
        var response = await Management.GetAsync($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.TryGetProperty("messages", out var m) ? m.GetInt32() : 0;
    }

    /// <summary>The headers of the first message in a queue, left in place (null if the queue is empty).</summary>
    public async Task<Dictionary<string, string>?> PeekHeadersAsync(string queue)
    {
        var response = await Management.PostAsync($"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}/get",
            Json("""{"count":1,"ackmode":"ack_requeue_true","encoding":"auto"}"""));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var first = json.RootElement.EnumerateArray().FirstOrDefault();
        return first.ValueKind == System.Text.Json.JsonValueKind.Object
            && first.GetProperty("properties").TryGetProperty("headers", out var headers)
            ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.ToString())
            : null;
    }

    /// <summary>Publishes a raw body to an exchange, as a misbehaving publisher would.</summary>
    public async Task PublishRawAsync(string exchange, string messageId, string body)
    {
        var request = System.Text.Json.JsonSerializer.Serialize(new
        {
            properties = new Dictionary<string, object> { ["content_type"] = "application/vnd.masstransit+json", ["message_id"] = messageId },
            routing_key = "",
            payload = body,
            payload_encoding = "string",
        });
        (await Management.PostAsync($"api/exchanges/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(exchange)}/publish", Json(request)))
            .EnsureSuccessStatusCode();
    }

    /// <summary>A durable queue bound to an event's exchange, as a subscriber would have (for measuring real delivery).</summary>
    public async Task BindQueueAsync(string queue, string exchange)
    {
        var vhost = Uri.EscapeDataString(Name);
        (await Management.PutAsync($"api/exchanges/{vhost}/{Uri.EscapeDataString(exchange)}", Json("""{"type":"fanout","durable":true}"""))).EnsureSuccessStatusCode();
        (await Management.PutAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}", Json("""{"durable":true}"""))).EnsureSuccessStatusCode();
        (await Management.PostAsync($"api/bindings/{vhost}/e/{Uri.EscapeDataString(exchange)}/q/{Uri.EscapeDataString(queue)}", Json("{}"))).EnsureSuccessStatusCode();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = TestInfrastructure.RabbitMqManagement };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{TestInfrastructure.RabbitMqUser}:{TestInfrastructure.RabbitMqPassword}")));
        return client;
    }
}
