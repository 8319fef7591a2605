namespace Involvement.Recruitment.Members;

/// <summary>The KMPT Involvement Pyramid, bottom (1) to top (7), in the words explanations use.</summary>
public static class Levels
{
    private static readonly string[] Names =
    [
        "any level", "information giving and gathering", "stimulating thinking", "informed decision making", "collaboration",
        "co-production", "lived experience advisor", "patient director",
    ];

    public static string Name(int level) => level >= 0 && level < Names.Length ? Names[level] : $"level {level}";
}
