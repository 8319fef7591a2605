namespace Involvement.BuildingBlocks.Configuration;

/// <summary>
/// A check of a service's own settings, run with the required-settings check before it starts; each problem names
/// the environment variable to fix.
/// </summary>
public sealed record SettingsCheck(Func<IServiceProvider, IEnumerable<string>> Problems);
