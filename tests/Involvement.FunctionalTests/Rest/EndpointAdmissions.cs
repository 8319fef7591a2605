using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Involvement.FunctionalTests.Rest;

/// <summary>Who an endpoint admits, as its authorisation metadata says: anyone, any signed-in caller, or these roles.</summary>
public sealed record Admission(bool Anonymous, IReadOnlyList<string>? Roles)
{
    public bool Admits(string role) => Anonymous || Roles is null || Roles.Contains(role);

    public override string ToString() => Anonymous ? "anyone" : Roles is null ? "any signed-in caller" : string.Join(", ", Roles);
}

/// <summary>
/// The authorisation metadata of a host's gRPC and transcoded endpoints, per RPC ("service/Method"), read from the
/// host's own endpoint data sources: the decisions the authorisation middleware will make.
/// </summary>
public static class EndpointAdmissions
{
    public static IReadOnlyDictionary<string, Admission> Grpc(IServiceProvider host) => Read(host, transcoded: false);

    public static IReadOnlyDictionary<string, Admission> Transcoded(IServiceProvider host) => Read(host, transcoded: true);

    public static string Key(Google.Protobuf.Reflection.MethodDescriptor method) => $"{method.Service.FullName}/{method.Name}";

    private static Dictionary<string, Admission> Read(IServiceProvider host, bool transcoded) =>
        host.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints)
            .Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
            .Where(e => (e.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null) == transcoded)
            .Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()!.Method.ServiceName.StartsWith("involvement.", StringComparison.Ordinal))
            .GroupBy(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()!.Method.FullName.TrimStart('/'))
            .ToDictionary(g => g.Key, g => Of(g.First()));

    /// <summary>
    /// Every [Authorize] with roles must be met, so the roles admitted are their intersection; with none, the hosts'
    /// fallback policy admits any signed-in caller.
    /// </summary>
    private static Admission Of(Microsoft.AspNetCore.Http.Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return new Admission(true, null);
        }

        IEnumerable<string>? roles = null;
        foreach (var data in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Where(d => !string.IsNullOrEmpty(d.Roles)))
        {
            var these = data.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            roles = roles is null ? these : roles.Intersect(these);
        }

        return new Admission(false, roles?.ToList());
    }
}
