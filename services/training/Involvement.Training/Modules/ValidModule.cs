using System.Text.RegularExpressions;
using Involvement.BuildingBlocks.Errors;
using Involvement.Training.V1;

namespace Involvement.Training.Modules;

/// <summary>A module's code and details, checked field by field.</summary>
public static partial class ValidModule
{
    public const int MaxCodeLength = 50;
    public const int MaxPrerequisites = 20;

    /// <summary>Lower-case letters and digits in words joined by single hyphens: the codes opportunities name as prerequisites.</summary>
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();

    public static string Code(RequestValidator v, string field, string? value)
    {
        var code = v.Required(field, value, MaxCodeLength);
        if (code.Length is > 0 and <= MaxCodeLength && !CodePattern().IsMatch(code))
        {
            v.Add(field, "must be lower-case words (letters and digits) joined by single hyphens, such as intro-participation.");
        }

        return code;
    }

    public static ModuleDetails Details(RequestValidator v, string field, ModuleDetails? details)
    {
        if (details is null)
        {
            v.Add(field, "is required.");
            return new ModuleDetails();
        }

        var valid = new ModuleDetails
        {
            Title = v.Required($"{field}.title", details.Title, 200),
            Summary = v.OptionalMultiLine($"{field}.summary", details.Summary, 4000) ?? "",
            Audience = v.Enum($"{field}.audience", details.Audience, required: true),
            Mode = v.Enum($"{field}.mode", details.Mode, required: true),
            DurationMinutes = details.DurationMinutes,
            ValidityMonths = details.ValidityMonths,
            RenewalWindowDays = details.RenewalWindowDays,
            Status = v.Enum($"{field}.status", details.Status, required: true),
        };
        v.Must(details.DurationMinutes is >= 1 and <= 100_000, $"{field}.duration_minutes", "must be from 1 to 100000 minutes.");
        v.Must(details.ValidityMonths is >= 0 and <= 120, $"{field}.validity_months", "must be from 1 to 120 months, or 0 when a completion never expires.");
        v.Must(details.RenewalWindowDays is >= 0 and <= 366, $"{field}.renewal_window_days", "must be from 0 to 366 days.");
        v.Must(details.RenewalWindowDays == 0 || details.ValidityMonths > 0, $"{field}.renewal_window_days",
            "must be 0 for a module whose completions never expire.");
        v.Must(details.PrerequisiteCodes.Count <= MaxPrerequisites, $"{field}.prerequisite_codes", $"may name at most {MaxPrerequisites} modules.");
        for (var i = 0; i < details.PrerequisiteCodes.Count; i++)
        {
            var code = Code(v, $"{field}.prerequisite_codes[{i}]", details.PrerequisiteCodes[i]);
            if (!valid.PrerequisiteCodes.Contains(code))
            {
                valid.PrerequisiteCodes.Add(code);
            }
        }

        return valid;
    }
}
