using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Involvement.BuildingBlocks.Security;

namespace Involvement.Cli;

/// <summary>Channels to the services, carrying a development token for the chosen role.</summary>
public static class Client
{
    /// <summary>Token settings from the same variables the services read (the run command exports them).</summary>
    public static AuthOptions AuthFromEnvironment() => new()
    {
        Issuer = Environment.GetEnvironmentVariable("Auth__Issuer") ?? "involvement-dev",
        Audience = Environment.GetEnvironmentVariable("Auth__Audience") ?? "involvement",
        SigningKey = Environment.GetEnvironmentVariable("Auth__SigningKey")
            ?? throw new UsageException("Set Auth__SigningKey to the key the services validate tokens with (the run command prints it)."),
    };

    public static string Token(string role, string subject) => Tokens.Mint(AuthFromEnvironment(), role, subject, TimeSpan.FromHours(8));

    public static CallInvoker Authorised(string address, string role, string subject = "involvement-cli")
    {
        var token = Token(role, subject);
        return GrpcChannel.ForAddress(address).Intercept(metadata =>
        {
            metadata.Add("Authorization", $"Bearer {token}");
            return metadata;
        });
    }

    public static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(string address, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken);
        return reply.Status;
    }
}
