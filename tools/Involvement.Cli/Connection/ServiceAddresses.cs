namespace Involvement.Cli.Connection;

/// <summary>Where each service answers gRPC: <c>--recruitment url</c>, else INVOLVEMENT_RECRUITMENT, else the local port the run command uses.</summary>
public static class ServiceAddresses
{
    public static readonly IReadOnlyList<(string Name, string Variable, string Local)> All =
    [
        ("recruitment", "INVOLVEMENT_RECRUITMENT", "http://127.0.0.1:5101"),
        ("payments", "INVOLVEMENT_PAYMENTS", "http://127.0.0.1:5102"),
        ("training", "INVOLVEMENT_TRAINING", "http://127.0.0.1:5103"),
        ("reporting", "INVOLVEMENT_REPORTING", "http://127.0.0.1:5104"),
    ];

    public static string Of(Arguments a, string service)
    {
        var (name, variable, local) = All.Single(s => s.Name == service);
        return a.Get(name) ?? Given(variable) ?? local;
    }

    /// <summary>The address when the user named one (flag or environment), for the parts of load-demo that are optional.</summary>
    public static string? Named(Arguments a, string service)
    {
        var (name, variable, _) = All.Single(s => s.Name == service);
        return a.Get(name) ?? Given(variable);
    }

    private static string? Given(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
