namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Enum values as the codes services store and publish: snake_case names (EasyRead → easy_read), stable however an
/// API spells them. A stored code the enum does not name is corruption, so it fails loudly instead of reading as
/// unspecified.
/// </summary>
public static class CodeNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0
            ? Snake(value.ToString())
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no code for this value.");

    public static TEnum Parse<TEnum>(string code)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(code.Replace("_", "", StringComparison.Ordinal), true, out var value)
        && Enum.IsDefined(value) && Snake(value.ToString()) == code
        && Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0
            ? value
            : throw new InvalidOperationException($"The stored code '{code}' is not a {typeof(TEnum).Name}.");

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
