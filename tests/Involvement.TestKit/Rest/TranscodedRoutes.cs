using System.Reflection;
using Google.Api;
using Google.Protobuf.Reflection;
using Involvement.Recruitment.V1;

namespace Involvement.TestKit.Rest;

/// <summary>One RPC's REST binding, as its <c>google.api.http</c> rule states it.</summary>
/// <param name="Verb">GET, POST, PUT, DELETE or PATCH.</param>
/// <param name="Template">The path template, e.g. <c>/v1/opportunities/{opportunity_id}:publish</c>.</param>
/// <param name="Body">"*" when the request message is the JSON body; empty when there is no body.</param>
public sealed record TranscodedRoute(MethodDescriptor Method, string Verb, string Template, string Body)
{
    /// <summary>The request fields the path carries, as written in the template (<c>target.metric_code</c>).</summary>
    public IReadOnlyList<string> PathFields { get; } = Variables(Template).ToList();

    /// <summary>The path with each variable replaced by <paramref name="value"/>'s choice, escaped for a URL.</summary>
    public string Path(Func<FieldDescriptor, string> value)
    {
        var path = Template;
        foreach (var field in PathFields)
        {
            path = path.Replace("{" + field + "}", Uri.EscapeDataString(value(Field(field))), StringComparison.Ordinal);
        }

        return path;
    }

    /// <summary>The request field at a dotted path (<c>target.quarter</c>).</summary>
    public FieldDescriptor Field(string dottedPath)
    {
        var message = Method.InputType;
        FieldDescriptor field = null!;
        foreach (var name in dottedPath.Split('.'))
        {
            field = message.FindFieldByName(name) ?? throw new InvalidOperationException($"{Method.FullName}: no field {dottedPath}.");
            message = field.FieldType == FieldType.Message ? field.MessageType : message;
        }

        return field;
    }

    private static IEnumerable<string> Variables(string template)
    {
        for (var start = template.IndexOf('{', StringComparison.Ordinal); start >= 0; start = template.IndexOf('{', start + 1))
        {
            yield return template[(start + 1)..template.IndexOf('}', start)];
        }
    }
}

/// <summary>
/// Every REST route the services offer, read from the compiled contracts (the clients' copy in Involvement.Protos,
/// built from the same protos as the hosts), so a test covers a new RPC the moment its rule is written.
/// </summary>
public static class TranscodedRoutes
{
    public static readonly IReadOnlyList<string> Hosts = ["recruitment", "payments", "training", "reporting"];

    /// <summary>The services in <c>involvement.&lt;host&gt;.v1</c>.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services(string host) =>
        Files.Value.Where(f => f.Package == $"involvement.{host}.v1").SelectMany(f => f.Services).OrderBy(s => s.FullName, StringComparer.Ordinal).ToList();

    /// <summary>Every RPC of the host that has an HTTP rule, in proto order.</summary>
    public static IReadOnlyList<TranscodedRoute> Of(string host) =>
        Services(host).SelectMany(s => s.Methods).Select(Route).OfType<TranscodedRoute>().ToList();

    /// <summary>The host's RPCs with no HTTP rule: gRPC only.</summary>
    public static IReadOnlyList<MethodDescriptor> GrpcOnly(string host) =>
        Services(host).SelectMany(s => s.Methods).Where(m => Route(m) is null).ToList();

    public static TranscodedRoute? Route(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule?.PatternCase switch
        {
            null or HttpRule.PatternOneofCase.None => null,
            HttpRule.PatternOneofCase.Get => new(method, "GET", rule.Get, rule.Body),
            HttpRule.PatternOneofCase.Post => new(method, "POST", rule.Post, rule.Body),
            HttpRule.PatternOneofCase.Put => new(method, "PUT", rule.Put, rule.Body),
            HttpRule.PatternOneofCase.Delete => new(method, "DELETE", rule.Delete, rule.Body),
            HttpRule.PatternOneofCase.Patch => new(method, "PATCH", rule.Patch, rule.Body),
            _ => new(method, rule.Custom.Kind.ToUpperInvariant(), rule.Custom.Path, rule.Body),
        };
    }

    /// <summary>Every generated file descriptor of the contracts assembly (each <c>*Reflection.Descriptor</c>).</summary>
    private static readonly Lazy<IReadOnlyList<FileDescriptor>> Files = new(() =>
        typeof(MemberService).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .ToList());
}
