using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;

namespace Involvement.OpenApi;

/// <summary>
/// One HTTP binding of an RPC, from its <c>google.api.http</c> rule (or one of the rule's additional_bindings).
/// </summary>
/// <param name="Verb">Lower-case HTTP method, as OpenAPI names it.</param>
/// <param name="Path">The OpenAPI path: the rule's template with <c>{field=pattern}</c> reduced to <c>{field}</c>; a
/// <c>:verb</c> suffix stays as literal text.</param>
/// <param name="PathFields">The request field paths (proto names, dotted) the template binds, in template order.</param>
/// <param name="Body">"" (no body), "*" (every field not bound by the path) or the one request field that is the body.</param>
/// <param name="ResponseBody">"" (the whole response message) or the response field that is returned.</param>
public sealed partial record HttpBinding(string Verb, string Path, IReadOnlyList<string> PathFields, string Body, string ResponseBody)
{
    public static IReadOnlyList<HttpBinding> Of(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule is null ? [] : [From(rule), .. rule.AdditionalBindings.Select(From)];
    }

    private static HttpBinding From(HttpRule rule)
    {
        var (verb, template) = rule.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => ("get", rule.Get),
            HttpRule.PatternOneofCase.Put => ("put", rule.Put),
            HttpRule.PatternOneofCase.Post => ("post", rule.Post),
            HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
            HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
            HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind.ToLowerInvariant(), rule.Custom.Path),
            _ => throw new InvalidOperationException("A google.api.http rule without a pattern."),
        };
        var fields = Variable().Matches(template).Select(m => m.Groups["field"].Value).ToList();
        return new HttpBinding(verb, Variable().Replace(template, m => $"{{{m.Groups["field"].Value}}}"), fields, rule.Body, rule.ResponseBody);
    }

    [GeneratedRegex(@"\{(?<field>[A-Za-z0-9_.]+)(=[^}]*)?\}")]
    private static partial Regex Variable();
}
