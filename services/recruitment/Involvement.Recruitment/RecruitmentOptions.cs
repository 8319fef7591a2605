namespace Involvement.Recruitment;

/// <summary>Section <c>Recruitment</c>.</summary>
public sealed class RecruitmentOptions
{
    public const string Section = "Recruitment";

    /// <summary>How many days before each session its papers go out, unless an opportunity says otherwise.</summary>
    public int PapersDueDaysBefore { get; set; } = 7;
}
