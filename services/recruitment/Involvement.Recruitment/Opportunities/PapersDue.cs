using Involvement.BuildingBlocks.Time;
namespace Involvement.Recruitment.Opportunities;

/// <summary>
/// Papers go out well before each session (4PI Process), a configurable number of days ahead. The date is the
/// session's date in UK local time, less those days.
/// </summary>
public static class PapersDue
{
    public static DateOnly For(DateTimeOffset sessionStartsAt, int daysBefore) => UkTime.DateOf(sessionStartsAt).AddDays(-daysBefore);
}
