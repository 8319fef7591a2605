namespace Involvement.BuildingBlocks.Hosting;

/// <summary>
/// An operator command a host runs instead of serving, like <c>migrate</c>: <c>dotnet Involvement.Reporting.dll
/// rebuild</c>. The configuration is checked and migrations applied first; the host's background services do not
/// start. Returns the process exit code.
/// </summary>
public sealed record ServiceCommand(string Name, string Description, Func<IServiceProvider, CancellationToken, Task<int>> RunAsync);
