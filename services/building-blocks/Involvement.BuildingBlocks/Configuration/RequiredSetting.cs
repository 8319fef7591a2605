namespace Involvement.BuildingBlocks.Configuration;

/// <summary>A setting a service cannot start without, with what it is for, so the start-up error can say what to set.</summary>
/// <param name="Key">The configuration key, e.g. <c>Auth:SigningKey</c>.</param>
/// <param name="Purpose">What the setting is for, in words an operator can act on.</param>
/// <param name="Check">Optional extra check of a present value; returns a problem or null.</param>
public sealed record RequiredSetting(string Key, string Purpose, Func<string, string?>? Check = null)
{
    /// <summary>The environment variable that sets this key (ASP.NET Core maps <c>__</c> to <c>:</c>).</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal);
}
