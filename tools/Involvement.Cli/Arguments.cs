namespace Involvement.Cli;

/// <summary>Options given as <c>--name value</c>, with the command as the first word.</summary>
public sealed class Arguments(string[] args)
{
    public string Command => args.Length > 0 ? args[0] : "help";

    public string? Get(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A flag given without a value, e.g. <c>--overdue</c>.</summary>
    public bool Has(string name) => Array.IndexOf(args, "--" + name) >= 0;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public string Require(string name) => Get(name) ?? throw new UsageException($"--{name} is required for '{Command}'.");
}

public sealed class UsageException(string message) : Exception(message);
