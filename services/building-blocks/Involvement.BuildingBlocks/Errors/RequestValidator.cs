using System.Net.Mail;

namespace Involvement.BuildingBlocks.Errors;

/// <summary>
/// Collects every field violation of a request, then throws them together, so a caller can fix all fields at once.
/// Field names are the proto field names the caller sent. Every text field is either single-line (<see cref="Required"/>,
/// <see cref="Optional"/>, <see cref="TextList"/>: names, titles, codes, references) or multi-line
/// (<see cref="RequiredMultiLine"/>, <see cref="OptionalMultiLine"/>: notes, reasons, descriptions); see
/// <see cref="TextCharacters"/> for what each refuses.
/// </summary>
public sealed class RequestValidator
{
    private readonly List<FieldViolation> _violations = [];

    public IReadOnlyList<FieldViolation> Violations => _violations;

    /// <summary>Required single-line text, trimmed.</summary>
    public string Required(string field, string? value, int maxLength) => RequiredText(field, value, maxLength, multiLine: false);

    /// <summary>Optional single-line text, trimmed; null when absent.</summary>
    public string? Optional(string field, string? value, int maxLength) => OptionalText(field, value, maxLength, multiLine: false);

    /// <summary>Required text that may break lines, trimmed.</summary>
    public string RequiredMultiLine(string field, string? value, int maxLength) => RequiredText(field, value, maxLength, multiLine: true);

    /// <summary>Optional text that may break lines, trimmed; null when absent.</summary>
    public string? OptionalMultiLine(string field, string? value, int maxLength) => OptionalText(field, value, maxLength, multiLine: true);

    private string RequiredText(string field, string? value, int maxLength, bool multiLine)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            Add(field, "is required.");
        }
        else
        {
            CheckText(field, trimmed, maxLength, multiLine);
        }

        return trimmed;
    }

    private string? OptionalText(string field, string? value, int maxLength, bool multiLine)
    {
        var trimmed = value?.Trim() ?? "";
        CheckText(field, trimmed, maxLength, multiLine);
        return trimmed.Length == 0 ? null : trimmed;
    }

    public string? OptionalEmail(string field, string? value)
    {
        var email = Optional(field, value, 254);
        if (email is not null && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
        {
            Add(field, "must be an email address such as name@example.org.");
        }

        return email;
    }

    /// <summary>A required identifier in UUID form.</summary>
    public Guid Id(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
            return Guid.Empty;
        }

        if (!Guid.TryParse(value.Trim(), out var id) || id == Guid.Empty)
        {
            Add(field, "must be a UUID such as 0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b.");
            return Guid.Empty;
        }

        return id;
    }

    /// <summary>
    /// An enum value from a proto3 request. Proto3 enums are open, so a caller can send a number the service does
    /// not know; that, and the <c>_UNSPECIFIED</c> zero when required, are violations.
    /// </summary>
    public TEnum Enum<TEnum>(string field, TEnum value, bool required)
        where TEnum : struct, Enum
    {
        if (!System.Enum.IsDefined(value))
        {
            Add(field, $"has an unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}; "
                + $"expected one of {string.Join(", ", System.Enum.GetNames<TEnum>().Skip(1))}.");
        }
        else if (required && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            Add(field, $"is required; expected one of {string.Join(", ", System.Enum.GetNames<TEnum>().Skip(1))}.");
        }

        return value;
    }

    /// <summary>
    /// A floating-point number within [<paramref name="min"/>, <paramref name="max"/>]. NaN and the infinities are
    /// refused here, so no caller's number reaches a conversion (to decimal, to SQL) that would throw.
    /// </summary>
    /// <returns>Whether the value is usable.</returns>
    public bool Finite(string field, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            Add(field, $"must be a number from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} "
                + $"to {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// A timestamp the caller sent, between years 1900 and 9999 (converting anything outside the protobuf range
    /// would throw).
    /// </summary>
    public DateTimeOffset Instant(string field, Google.Protobuf.WellKnownTypes.Timestamp value)
    {
        if (value.Nanos is < 0 or > 999_999_999 || value.Seconds < MinInstantSeconds || value.Seconds > MaxInstantSeconds)
        {
            Add(field, "must be a time between 1900-01-01 and 9999-12-31.");
            return DateTimeOffset.MinValue;
        }

        return value.ToDateTimeOffset();
    }

    private static readonly long MinInstantSeconds = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long MaxInstantSeconds = new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>A list of short single-line texts: trimmed, blanks dropped, at most <paramref name="maxItems"/>, each at most <paramref name="maxLength"/>.</summary>
    public IReadOnlyList<string> TextList(string field, IEnumerable<string> values, int maxItems, int maxLength)
    {
        var items = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (items.Count > maxItems)
        {
            Add(field, $"may hold at most {maxItems} entries (got {items.Count}).");
        }

        for (var i = 0; i < items.Count; i++)
        {
            CheckText($"{field}[{i}]", items[i], maxLength, multiLine: false);
        }

        return items.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxIdempotencyKeyLength = 100;

    /// <summary>The key a create is made safe to retry with (see <c>IdempotentRequests</c>).</summary>
    public string IdempotencyKey(string field, string? value) => Required(field, value, MaxIdempotencyKeyLength);

    /// <summary>A list's page size: 1 to <see cref="MaxPageSize"/>, with 0 meaning <see cref="DefaultPageSize"/>.</summary>
    public int PageSize(string field, int value) => CountOrDefault(field, value, MaxPageSize, DefaultPageSize);

    /// <summary>A count from 1 to <paramref name="max"/> that a caller may leave unset: 0 means <paramref name="defaultValue"/>.</summary>
    public int CountOrDefault(string field, int value, int max, int defaultValue)
    {
        Must(value >= 0 && value <= max, field, $"must be between 1 and {max} (0 means {defaultValue}).");
        return value == 0 ? defaultValue : value;
    }

    /// <summary>The version the caller last read, for optimistic concurrency.</summary>
    public long ExpectedVersion(string field, long value)
    {
        Must(value > 0, field, "is required: send the version from your last read of the record.");
        return value;
    }

    /// <summary>For a create-or-update: 0 creates the record, anything else is the version the caller last read.</summary>
    public long ExpectedVersionOrNew(string field, long value)
    {
        Must(value >= 0, field, "must be 0 to create the record, or the version from your last read of it.");
        return value;
    }

    public void Must(bool condition, string field, string description)
    {
        if (!condition)
        {
            Add(field, description);
        }
    }

    private void CheckText(string field, string text, int maxLength, bool multiLine)
    {
        var refused = multiLine ? TextCharacters.FirstRefusedInLines(text) : TextCharacters.FirstRefusedInLine(text);
        if (text.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters (got {text.Length}).");
        }
        else if (refused is { } c)
        {
            Add(field, multiLine
                ? $"contains {TextCharacters.Describe(c)}; use printable text, with line breaks if needed."
                : $"contains {TextCharacters.Describe(c)}; use printable text on a single line.");
        }
    }

    public void Add(string field, string description) => _violations.Add(new FieldViolation(field, description));

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            throw new RequestValidationException(_violations.ToList());
        }
    }
}
