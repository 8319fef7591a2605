using Microsoft.Extensions.Hosting;

namespace Involvement.BuildingBlocks.Data;

/// <summary>Runs migrations before anything else starts (registered first), when <c>Database:MigrateOnStart</c> is on.</summary>
internal sealed class MigrateOnStart(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        migrator.Migrate();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
