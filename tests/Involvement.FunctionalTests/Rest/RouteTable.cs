using System.Text;
using Involvement.TestKit.Rest;

namespace Involvement.FunctionalTests.Rest;

/// <summary>
/// The route table of docs/rest.md, written from the contracts' HTTP rules and the hosts' authorisation metadata, so
/// the document cannot drift from what the services serve (RestRouteTests compares it, and rewrites it on request).
/// </summary>
public static class RouteTable
{
    public const string Begin = "<!-- routes:begin — generated from the protos and the hosts by RestRouteTests; do not edit by hand -->";
    public const string End = "<!-- routes:end -->";

    private static readonly Dictionary<string, int> LocalPorts = new() { ["recruitment"] = 8101, ["payments"] = 8102, ["training"] = 8103, ["reporting"] = 8104 };

    public static string Markdown(Func<string, IReadOnlyDictionary<string, Admission>> admissionsOf)
    {
        var text = new StringBuilder().Append(Begin).Append('\n');
        foreach (var host in TranscodedRoutes.Hosts)
        {
            var admissions = admissionsOf(host);
            text.Append('\n').Append($"### {char.ToUpperInvariant(host[0])}{host[1..]} (local `http://localhost:{LocalPorts[host]}`)\n\n");
            text.Append("| Method | Path | RPC | Roles |\n|---|---|---|---|\n");
            foreach (var route in TranscodedRoutes.Of(host))
            {
                text.Append($"| {route.Verb} | `{route.Template}` | `{route.Method.Service.Name}.{route.Method.Name}` | {admissions[EndpointAdmissions.Key(route.Method)]} |\n");
            }

            foreach (var method in TranscodedRoutes.GrpcOnly(host))
            {
                text.Append($"\n`{method.Service.Name}.{method.Name}` streams its answer and is gRPC only.\n");
            }
        }

        return text.Append('\n').Append(End).ToString();
    }

    /// <summary>The document with its table replaced by <paramref name="table"/>.</summary>
    public static string Replace(string document, string table)
    {
        var start = document.IndexOf(Begin, StringComparison.Ordinal);
        var end = document.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"docs/rest.md has lost its table markers ({Begin} ... {End}).");
        }

        return document[..start] + table + document[(end + End.Length)..];
    }
}
