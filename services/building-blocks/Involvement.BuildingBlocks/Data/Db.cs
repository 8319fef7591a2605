using Dapper;
using Involvement.BuildingBlocks.Messaging;
using Npgsql;

namespace Involvement.BuildingBlocks.Data;

/// <summary>The service's database: plain SQL through Dapper over one <see cref="NpgsqlDataSource"/>.</summary>
public sealed class Db(NpgsqlDataSource dataSource, OutboxSignal outboxSignal)
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public async Task<T> InTransactionAsync<T>(Func<UnitOfWork, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unit = new UnitOfWork(connection, transaction, cancellationToken);
        var result = await work(unit);
        await transaction.CommitAsync(cancellationToken);
        if (unit.EventsWritten > 0)
        {
            outboxSignal.Notify();
        }

        return result;
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, args, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: cancellationToken))).AsList();
    }
}
