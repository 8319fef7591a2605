using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Time;

/// <summary>Conversions between <c>google.type.Date</c> and <see cref="DateOnly"/>, and of stored instants to <c>Timestamp</c>.</summary>
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

    /// <summary>An optional date for a message: unset when there is none.</summary>
    public static Google.Type.Date? ToProto(DateOnly? date) => date is { } d ? ToProto(d) : null;

    /// <summary>An optional instant read from the database (UTC, whatever kind it came back as): unset when there is none.</summary>
    public static Google.Protobuf.WellKnownTypes.Timestamp? ToTimestamp(DateTime? at) =>
        at is { } t ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    public static Google.Protobuf.WellKnownTypes.Timestamp? ToTimestamp(DateTimeOffset? at) =>
        at is { } t ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(t) : null;
}
