using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace Involvement.TestKit.Rest;

/// <summary>JSON over HTTP/1.1 to a service's REST port, as any HTTP client would send it.</summary>
public static class RestCall
{
    /// <summary>Proto JSON as the REST API speaks it (lowerCamelCase names, enum names, int64 as strings).</summary>
    public static string Json(IMessage message) => JsonFormatter.Default.Format(message);

    public static async Task<RestReply> SendAsync(HttpClient http, HttpMethod method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Version = HttpVersion.Version11 };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return new RestReply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    public static Task<RestReply> GetAsync(HttpClient http, string path, string? token) => SendAsync(http, HttpMethod.Get, path, token);

    public static Task<RestReply> PostAsync(HttpClient http, string path, string? token, IMessage body) => SendAsync(http, HttpMethod.Post, path, token, Json(body));
}

/// <summary>A REST answer: its status and body, read as a response message or as the google.rpc.Status of a failure.</summary>
public sealed record RestReply(HttpStatusCode Status, string Body, string? MediaType)
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromMessages(BadRequest.Descriptor, PreconditionFailure.Descriptor)));

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    /// <summary>The response message; fails the test with the body when the call did not succeed.</summary>
    public T As<T>()
        where T : IMessage, new()
    {
        if (Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Expected 200, got {(int)Status}: {Body}");
        }

        return Parser.Parse<T>(Body);
    }

    /// <summary>The failure's google.rpc.Status (code, message, details), or null when the body is not one.</summary>
    public Google.Rpc.Status? Error
    {
        get
        {
            try
            {
                return MediaType == "application/json" && Body.Length > 0 ? Parser.Parse<Google.Rpc.Status>(Body) : null;
            }
            catch (InvalidProtocolBufferException)
            {
                return null;
            }
        }
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
