namespace Involvement.Cli.Auth;

/// <summary>
/// Placeholder so the CLI compiles on its own branch: the identity helper's version (OIDC discovery, then the
/// client-credentials grant) replaces this file at merge.
/// </summary>
public static class ClientCredentials
{
    public static Task<string> GetTokenAsync(Uri authority, string clientId, string clientSecret, string? scope, CancellationToken ct) =>
        throw new NotSupportedException("Client credentials are not available in this build.");
}
