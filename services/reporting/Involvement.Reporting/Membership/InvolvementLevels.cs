namespace Involvement.Reporting.Membership;

/// <summary>The KMPT Involvement Pyramid, bottom (1) to top (7).</summary>
public static class InvolvementLevels
{
    public static readonly IReadOnlyList<string> Names =
    [
        "Information giving and gathering",
        "Stimulating thinking (volunteering)",
        "Informed decision making (contributing)",
        "Collaboration",
        "Co-production",
        "Lived Experience Advisor / Patient and Carer Consultant / Participation worker",
        "Patient Director",
    ];

    public static string NameOf(int level) => level is >= 1 and <= 7 ? Names[level - 1] : "Unknown";
}
