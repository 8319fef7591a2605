using System.Net.Http.Json;
using System.Text.Json;

namespace Involvement.Cli.Auth;

/// <summary>
/// An access token from the trust's identity provider for a machine caller: discovery, then the client-credentials
/// grant at the provider's token endpoint. Failures say what went wrong without ever repeating the secret.
/// </summary>
public static class ClientCredentials
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<string> GetTokenAsync(Uri authority, string clientId, string clientSecret, string? scope, CancellationToken ct)
    {
        // The secret goes to the provider: never over plain HTTP, except to a provider on this machine.
        if (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback))
        {
            throw new ClientCredentialsException($"The authority {authority} must be an https URL (http only for a provider on this machine).");
        }

        using var http = new HttpClient { Timeout = Timeout };
        var discovery = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        using var metadata = await ReadJsonAsync(() => http.GetAsync(discovery, ct), $"discovery at {discovery}", ct);
        var tokenEndpoint = metadata.RootElement.TryGetProperty("token_endpoint", out var endpoint)
            && Uri.TryCreate(endpoint.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : throw new ClientCredentialsException($"The discovery document at {discovery} names no token_endpoint.");

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        };
        if (!string.IsNullOrWhiteSpace(scope))
        {
            form["scope"] = scope;
        }

        using var body = new FormUrlEncodedContent(form);
        using var token = await ReadJsonAsync(() => http.PostAsync(tokenEndpoint, body, ct), $"a token for client '{clientId}' from {tokenEndpoint}", ct);
        return token.RootElement.TryGetProperty("access_token", out var accessToken) && accessToken.GetString() is { Length: > 0 } value
            ? value
            : throw new ClientCredentialsException($"The token endpoint {tokenEndpoint} answered without an access_token.");
    }

    private static async Task<JsonDocument> ReadJsonAsync(Func<Task<HttpResponseMessage>> send, string what, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException ex)
        {
            throw new ClientCredentialsException($"Could not reach the identity provider for {what}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new ClientCredentialsException($"The identity provider did not answer within {Timeout.TotalSeconds:0}s for {what}.", ex);
        }

        using (response)
        {
            JsonDocument? json = null;
            try
            {
                json = await response.Content.ReadFromJsonAsync<JsonDocument>(ct);
            }
            catch (JsonException)
            {
                // Not JSON (an HTML error page, say): the status says enough.
            }

            if (response.IsSuccessStatusCode && json is not null)
            {
                return json;
            }

            // OAuth errors carry "error" (invalid_client, invalid_scope ...) and perhaps a description; never the secret.
            var error = json?.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var e) ? $": {e}" : "";
            json?.Dispose();
            // 5xx and 429 are the provider's trouble, not the client's: worth a retry later, unlike a refusal.
            var unavailable = (int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.TooManyRequests;
            throw new ClientCredentialsException(
                unavailable ? $"The identity provider is unavailable for {what} (HTTP {(int)response.StatusCode})." : $"The identity provider refused {what} (HTTP {(int)response.StatusCode}{error}).",
                providerUnavailable: unavailable);
        }
    }
}

/// <summary>Getting a token from the identity provider failed; the message says why, in words an operator can act on.</summary>
public sealed class ClientCredentialsException : Exception
{
    public ClientCredentialsException()
    {
    }

    public ClientCredentialsException(string message)
        : base(message)
    {
    }

    public ClientCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
        ProviderUnavailable = true;   // it could not be reached or did not answer in time
    }

    public ClientCredentialsException(string message, bool providerUnavailable)
        : base(message)
    {
        ProviderUnavailable = providerUnavailable;
    }

    /// <summary>The provider could not be reached or failed (retry later), rather than refusing the client.</summary>
    public bool ProviderUnavailable { get; }
}
