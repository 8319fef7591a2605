using Microsoft.Extensions.Hosting;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Runs migrations before anything else starts (registered first), when <c>Database:MigrateOnStart</c> is on. If
/// PostgreSQL stays away it throws <see cref="DatabaseUnavailableException"/>, which the host turns into exit code 3.
/// </summary>
internal sealed class MigrateOnStart(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
