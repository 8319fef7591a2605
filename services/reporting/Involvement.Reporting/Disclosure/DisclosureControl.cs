namespace Involvement.Reporting.Disclosure;

/// <summary>
/// NHS Digital's disclosure control for published counts below the whole-trust total (as used for HES):
/// 0 stays 0, 1-7 become "*", every other count is rounded to the nearest 5 (halves round up).
/// </summary>
public static class DisclosureControl
{
    public const string Suppressed = "*";

    public static string Count(long count) => count switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(count), count, "a count cannot be negative"),
        0 => "0",
        <= 7 => Suppressed,
        _ => (((count + 2) / 5) * 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
