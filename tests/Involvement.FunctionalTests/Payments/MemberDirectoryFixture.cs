namespace Involvement.FunctionalTests.Payments;

/// <summary>A service that keeps the member directory (payments, training), tested through its own gRPC API.</summary>
public abstract class MemberDirectoryFixture<TEntryPoint> : ServiceFixture<TEntryPoint>
    where TEntryPoint : class
{
    /// <summary>A role that may read the directory, and one that may not.</summary>
    public abstract string AllowedRole { get; }

    public abstract string DeniedRole { get; }

    /// <summary>The request field that names the member.</summary>
    public virtual string IdField => "member_id";

    /// <summary>The queue this service's directory consumer reads from.</summary>
    public string QueueName => $"{ServiceName}-member-directory";

    /// <summary>Reads a member through the service's own gRPC API.</summary>
    public abstract Task<(string DisplayName, long Version)> GetAsync(string memberId, string? role);
}
