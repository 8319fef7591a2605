using System.Globalization;

namespace Involvement.Cli;

/// <summary>
/// Options given as <c>--name value</c> (or a bare <c>--flag</c>), with the command as the first word. Every read
/// turns a missing or malformed value into a <see cref="UsageException"/> naming the option, so commands never parse
/// by hand.
/// </summary>
public sealed class Arguments(string[] args)
{
    public string Command => args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "help";

    /// <summary>The words after the command that are not options or their values (e.g. <c>help match</c>).</summary>
    public IReadOnlyList<string> Words =>
        args.Skip(1).Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i].StartsWith("--", StringComparison.Ordinal))).ToList();

    /// <summary>Every <c>--name</c> given, for checking against what a command accepts.</summary>
    public IEnumerable<string> OptionNames => args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a[2..]);

    public string? Get(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : null;
    }

    /// <summary>Every value of an option that may be repeated (<c>--starts a --starts b</c>).</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        args.Select((a, i) => (a, i)).Where(x => x.a == "--" + name && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();

    /// <summary>A flag given without a value, e.g. <c>--overdue</c>.</summary>
    public bool Has(string name) => Array.IndexOf(args, "--" + name) >= 0;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public string Require(string name) => Get(name) ?? throw new UsageException($"--{name} is required.");

    /// <summary>A comma-separated list (<c>--member-ids a,b</c>); empty when not given.</summary>
    public IReadOnlyList<string> List(string name) =>
        (Get(name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public int WholeNumber(string name, int fallback) => Get(name) is { } text ? ParseInt(name, text) : fallback;

    public int RequireInt(string name) => ParseInt(name, Require(name));

    public long RequireLong(string name) =>
        long.TryParse(Require(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value : throw new UsageException($"--{name} must be a whole number.");

    public double RequireDouble(string name) =>
        double.TryParse(Require(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value : throw new UsageException($"--{name} must be a number, such as 2.5.");

    /// <summary>A UK calendar date, yyyy-mm-dd.</summary>
    public Google.Type.Date? Date(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new Google.Type.Date { Year = d.Year, Month = d.Month, Day = d.Day }
            : throw new UsageException($"--{name} must be a date, yyyy-mm-dd.");
    }

    /// <summary>
    /// A protobuf enum value by its name without the prefix, in any case, with '-' or '_' between words
    /// (<c>--type family-member</c> for LIVED_EXPERIENCE_TYPE_FAMILY_MEMBER). The unspecified value is never accepted.
    /// </summary>
    public T? Enum<T>(string name) where T : struct, System.Enum => Get(name) is { } text ? ParseEnum<T>(name, text) : null;

    public static T ParseEnum<T>(string name, string text) where T : struct, System.Enum
    {
        var wanted = Simplify(text);
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0 && Simplify(value.ToString()) == wanted)
            {
                return value;
            }
        }

        throw new UsageException($"--{name} must be one of: {string.Join(", ", EnumNames<T>())}.");
    }

    public T RequireEnum<T>(string name) where T : struct, System.Enum =>
        Enum<T>(name) ?? throw new UsageException($"--{name} is required (one of: {string.Join(", ", EnumNames<T>())}).");

    /// <summary>The names a user types for an enum's values: kebab case, unspecified left out.</summary>
    public static IEnumerable<string> EnumNames<T>() where T : struct, System.Enum =>
        System.Enum.GetValues<T>().Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0).Select(v => Kebab(v.ToString()));

    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Simplify(string text) => text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static int ParseInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"--{name} must be a whole number.");
}

/// <summary>The command line is wrong: exit 2, with the command's usage line.</summary>
public sealed class UsageException(string message) : Exception(message);
