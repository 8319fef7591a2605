using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Involvement.OpenApi;

/// <summary>One RPC a host serves, from the host's own compiled contract, and who may call it.</summary>
/// <param name="Roles">The roles its [Authorize] attributes admit (every attribute must pass, so their intersection);
/// null when any authenticated caller may call it.</param>
/// <param name="Anonymous">[AllowAnonymous]: no token needed.</param>
public sealed record ServedMethod(MethodDescriptor Method, IReadOnlyList<string>? Roles, bool Anonymous);

/// <summary>The gRPC services a host assembly implements (classes deriving from a generated server base).</summary>
public static class ServedMethods
{
    /// <summary>The services whose documents are written, each served by the host assembly Involvement.&lt;Service&gt;.</summary>
    public static readonly IReadOnlyList<string> Services = ["payments", "recruitment", "reporting", "training"];

    public static Assembly HostAssembly(string service) =>
        Assembly.Load(new AssemblyName($"Involvement.{char.ToUpperInvariant(service[0])}{service[1..]}"));

    public static IReadOnlyList<ServedMethod> Read(Assembly host) =>
        host.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Select(t => (Implementation: t, Binding: BindingOf(t)))
            .Where(x => x.Binding is not null)
            .SelectMany(x => MethodsOf(x.Implementation, x.Binding!))
            .OrderBy(m => m.Method.Service.FullName, StringComparer.Ordinal)
            .ThenBy(m => m.Method.Index)
            .ToList();

    // Generated server bases carry [BindServiceMethod(typeof(XService), "BindService")]; XService.Descriptor is the contract.
    private static BindServiceMethodAttribute? BindingOf(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } binding)
            {
                return binding;
            }
        }

        return null;
    }

    private static IEnumerable<ServedMethod> MethodsOf(Type implementation, BindServiceMethodAttribute binding)
    {
        var descriptor = (ServiceDescriptor)binding.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        foreach (var method in descriptor.Methods)
        {
            var code = implementation.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance);
            var attributes = implementation.GetCustomAttributes(inherit: true)
                .Concat(code?.GetCustomAttributes(inherit: true) ?? [])
                .ToList();
            yield return new ServedMethod(method, RolesOf(attributes.OfType<IAuthorizeData>()), attributes.OfType<IAllowAnonymous>().Any());
        }
    }

    private static List<string>? RolesOf(IEnumerable<IAuthorizeData> requirements)
    {
        IEnumerable<string>? admitted = null;
        foreach (var roles in requirements.Select(r => r.Roles).Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            var these = roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            admitted = admitted is null ? these : admitted.Intersect(these, StringComparer.Ordinal);
        }

        return admitted?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
