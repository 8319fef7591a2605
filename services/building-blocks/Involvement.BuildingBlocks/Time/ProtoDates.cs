using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Time;

/// <summary>Conversions between <c>google.type.Date</c> and <see cref="DateOnly"/>.</summary>
public static class ProtoDates
{
    public static DateOnly Required(RequestValidator v, string field, Google.Type.Date? date)
    {
        if (date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0))
        {
            v.Add(field, "is required.");
            return DateOnly.MinValue;
        }

        if (date.Year is < 1900 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            v.Add(field, $"is not a calendar date ({date.Year:D4}-{date.Month:D2}-{date.Day:D2}).");
            return DateOnly.MinValue;
        }

        return new DateOnly(date.Year, date.Month, date.Day);
    }

    /// <summary>An optional date (a list's filter): null when unset or all zero, else checked as <see cref="Required"/>.</summary>
    public static DateOnly? Optional(RequestValidator v, string field, Google.Type.Date? date) =>
        date is null || (date.Year == 0 && date.Month == 0 && date.Day == 0) ? null : Required(v, field, date);

    /// <summary>A date the service itself wrote (always a calendar date).</summary>
    public static DateOnly ToDateOnly(Google.Type.Date date) => new(date.Year, date.Month, date.Day);

    public static Google.Type.Date ToProto(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
