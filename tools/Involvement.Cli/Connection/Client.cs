using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Involvement.BuildingBlocks.Security;
using Involvement.Cli.Auth;
using Involvement.Cli.Errors;
using Microsoft.Extensions.Configuration;

namespace Involvement.Cli;

/// <summary>
/// Channels to the services, carrying the caller's token. Which token, first that applies: <c>--token</c> or
/// INVOLVEMENT_TOKEN; a client-credentials token from the trust's identity provider (INVOLVEMENT_AUTHORITY,
/// INVOLVEMENT_CLIENT_ID, INVOLVEMENT_CLIENT_SECRET, optional INVOLVEMENT_SCOPE); else a development token for the
/// role the command needs, signed with Auth__SigningKey as the services validate it.
/// </summary>
public static class Client
{
    // Set once by SignInAsync before a command runs; the token for every call of this process.
    private static string? _callerToken;

    /// <summary>
    /// Token settings bound from the same Auth__* variables the services read (the run command exports them), so a
    /// development token carries the issuer, audience, role path and member-id claim they expect.
    /// </summary>
    public static AuthOptions AuthFromEnvironment()
    {
        var options = new AuthOptions { Issuer = "involvement-dev", Audience = "involvement" };
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(AuthOptions.Section).Bind(options);
        return options.HasSigningKey
            ? options
            : throw new CredentialsException(
                "no credentials: give --token (or INVOLVEMENT_TOKEN), set INVOLVEMENT_AUTHORITY, INVOLVEMENT_CLIENT_ID and "
                + "INVOLVEMENT_CLIENT_SECRET, or for development set Auth__SigningKey to the key the services validate tokens with "
                + "(the run command prints it).");
    }

    /// <summary>Resolves the caller's own token, when they have one; otherwise development tokens are minted per call.</summary>
    public static async Task SignInAsync(Arguments a, CancellationToken ct)
    {
        if ((a.Get("token") ?? Variable("INVOLVEMENT_TOKEN")) is { } given)
        {
            _callerToken = given;
            return;
        }

        if (Variable("INVOLVEMENT_AUTHORITY") is { } authority)
        {
            var clientId = Variable("INVOLVEMENT_CLIENT_ID") ?? throw new CredentialsException("INVOLVEMENT_AUTHORITY is set: set INVOLVEMENT_CLIENT_ID too.");
            var secret = Variable("INVOLVEMENT_CLIENT_SECRET") ?? throw new CredentialsException("INVOLVEMENT_AUTHORITY is set: set INVOLVEMENT_CLIENT_SECRET too.");
            if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri))
            {
                throw new CredentialsException("INVOLVEMENT_AUTHORITY must be the identity provider's issuer URL.");
            }

            _callerToken = await ClientCredentials.GetTokenAsync(uri, clientId, secret, Variable("INVOLVEMENT_SCOPE"), ct);
        }
    }

    /// <summary>A development token (the <c>token</c> command, and load-demo, which acts as several people).</summary>
    public static string Token(string role, string subject) => Tokens.Mint(AuthFromEnvironment(), role, subject, TimeSpan.FromHours(8));

    /// <param name="role">The role the call needs; used only for a development token.</param>
    /// <param name="subject">Who the development token names (approvals are recorded against it).</param>
    public static CallInvoker Authorised(string address, string role, string subject = "involvement-cli")
    {
        // The token is made per call, once the request is built, so a missing option is reported before missing credentials.
        return Channel(address).Intercept(metadata =>
        {
            metadata.Add("Authorization", $"Bearer {_callerToken ?? Token(role, subject)}");
            return metadata;
        });
    }

    public static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(string address, CancellationToken cancellationToken)
    {
        using var channel = Channel(address);
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken);
        return reply.Status;
    }

    private static GrpcChannel Channel(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? GrpcChannel.ForAddress(uri)
            : throw new UsageException($"'{address}' is not a service address; give one such as http://127.0.0.1:5101.");

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
