using Google.Protobuf.WellKnownTypes;
using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Time;

/// <summary>
/// Checks a caller's <c>google.protobuf.Timestamp</c> before converting it: the conversion throws for seconds or
/// nanos outside the range the type allows, which would otherwise surface as an INTERNAL error.
/// </summary>
public static class ProtoTimestamps
{
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The instant, or null (with a violation) when it is missing or not a real instant from 1900 to 9999.</summary>
    public static DateTimeOffset? Required(RequestValidator v, string field, Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            v.Add(field, "is required.");
            return null;
        }

        if (timestamp.Nanos is < 0 or > 999_999_999
            || timestamp.Seconds < Earliest.ToUnixTimeSeconds() || timestamp.Seconds > Latest.ToUnixTimeSeconds())
        {
            v.Add(field, "must be an instant from 1900 to 9999, with nanos from 0 to 999999999.");
            return null;
        }

        return timestamp.ToDateTimeOffset();
    }
}
