using Grpc.Core;
using Grpc.Core.Interceptors;
using Involvement.BuildingBlocks.Security;

namespace Involvement.TestKit;

/// <summary>The token settings test hosts run with, and tokens signed to match.</summary>
public static class TestAuth
{
    public static readonly AuthOptions Options = new()
    {
        Issuer = "involvement-test",
        Audience = "involvement",
        SigningKey = "test-signing-key-that-is-long-enough-0123456789",
    };

    public static string Token(string role, string subject = "test-user") => Tokens.Mint(Options, role, subject, TimeSpan.FromHours(1));

    /// <summary>A call invoker that sends a bearer token for <paramref name="role"/>; null role sends none.</summary>
    public static CallInvoker As(this CallInvoker invoker, string? role, string subject = "test-user") =>
        role is null ? invoker : invoker.WithToken(Token(role, subject));

    /// <summary>A call invoker that sends <paramref name="token"/> as it is: a provider's, or one made to be refused.</summary>
    public static CallInvoker WithToken(this CallInvoker invoker, string token) => invoker.Intercept(metadata =>
    {
        metadata.Add("Authorization", $"Bearer {token}");
        return metadata;
    });
}
