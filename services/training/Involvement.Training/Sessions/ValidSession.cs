using Involvement.BuildingBlocks.Errors;
using Involvement.Training.V1;

namespace Involvement.Training.Sessions;

/// <summary>A session's details, checked: days in order and not overlapping, each learner facilitating once.</summary>
public sealed record ValidSession(
    IReadOnlyList<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> Days, string Venue, bool Online, int Capacity,
    IReadOnlyList<(Guid LearnerId, Expertise Expertise)> Facilitators, string? RateReference, string? CostCentre)
{
    public const int MaxDays = 30;
    public const int MaxFacilitators = 10;
    public const int MaxCapacity = 1000;
    private static readonly TimeSpan MaxDayLength = TimeSpan.FromHours(24);

    private static DateTimeOffset? Instant(RequestValidator v, string field, Google.Protobuf.WellKnownTypes.Timestamp? value)
    {
        if (value is null)
        {
            v.Add(field, "is required.");
            return null;
        }

        var before = v.Violations.Count;
        var instant = v.Instant(field, value);
        return v.Violations.Count == before ? instant : null;
    }

    public static ValidSession From(RequestValidator v, string field, SessionDetails? details)
    {
        if (details is null)
        {
            v.Add(field, "is required.");
            return new ValidSession([], "", false, 0, [], null, null);
        }

        v.Must(details.Days.Count is >= 1 and <= MaxDays, $"{field}.days", $"must list from 1 to {MaxDays} days.");
        var days = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var i = 0; i < details.Days.Count; i++)
        {
            var day = details.Days[i];
            var at = $"{field}.days[{i}]";
            var starts = Instant(v, $"{at}.starts_at", day.StartsAt);
            var ends = Instant(v, $"{at}.ends_at", day.EndsAt);
            if (starts is null || ends is null)
            {
                continue;
            }

            v.Must(ends > starts && ends - starts <= MaxDayLength, $"{at}.ends_at", "must be after starts_at, and at most 24 hours after it.");
            v.Must(days.Count == 0 || starts >= days[^1].Item2, $"{at}.starts_at", "must be at or after the previous day's end: list days in order.");
            days.Add((starts.Value, ends.Value));
        }

        v.Must(details.Capacity is >= 1 and <= MaxCapacity, $"{field}.capacity", $"must be from 1 to {MaxCapacity}.");
        v.Must(details.Facilitators.Count <= MaxFacilitators, $"{field}.facilitators", $"may list at most {MaxFacilitators} facilitators.");
        var facilitators = new List<(Guid, Expertise)>();
        for (var i = 0; i < details.Facilitators.Count; i++)
        {
            var at = $"{field}.facilitators[{i}]";
            var id = v.Id($"{at}.learner_id", details.Facilitators[i].LearnerId);
            var expertise = v.Enum($"{at}.expertise", details.Facilitators[i].Expertise, required: true);
            v.Must(id == Guid.Empty || facilitators.All(f => f.Item1 != id), $"{at}.learner_id", "is listed more than once.");
            facilitators.Add((id, expertise));
        }

        return new ValidSession(
            days,
            v.Required($"{field}.venue", details.Venue, 300),
            details.Online,
            details.Capacity,
            facilitators,
            v.Optional($"{field}.rate_reference", details.RateReference, 50),
            v.Optional($"{field}.cost_centre", details.CostCentre, 50));
    }
}
