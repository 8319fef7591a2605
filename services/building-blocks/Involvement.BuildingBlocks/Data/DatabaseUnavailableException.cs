namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// The database could not be migrated at start: unreachable for longer than <c>Database:StartupWait</c>, or it refused
/// in a way waiting cannot mend (wrong password, a failing script). The host exits with code 3 and this message.
/// </summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
