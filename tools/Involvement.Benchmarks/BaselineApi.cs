using Dapper;
using Grpc.Core;
using Involvement.Benchmark.V1;
using Npgsql;

namespace Involvement.Benchmarks;

/// <summary>
/// The bare baseline: one row and one outbox row in a transaction with Dapper, no validation, auth or idempotency.
/// What RegisterMember costs beyond this is the service's own overhead.
/// </summary>
public sealed class BaselineApi(NpgsqlDataSource dataSource) : BaselineService.BaselineServiceBase
{
    public const string Schema = """
        create table if not exists baseline_rows (id uuid primary key, name text not null, created_at timestamptz not null);
        create table if not exists baseline_outbox (id uuid primary key, message_type text not null, payload jsonb not null, occurred_at timestamptz not null);
        """;

    public override async Task<InsertRowResponse> InsertRow(InsertRowRequest request, ServerCallContext context)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        await connection.ExecuteAsync("insert into baseline_rows (id, name, created_at) values (@id, @Name, now())", new { id, request.Name }, transaction);
        await connection.ExecuteAsync(
            "insert into baseline_outbox (id, message_type, payload, occurred_at) values (@id, 'RowInserted', @payload::jsonb, now())",
            new { id = Guid.CreateVersion7(), payload = $$"""{"id":"{{id}}"}""" }, transaction);
        await transaction.CommitAsync(context.CancellationToken);
        return new InsertRowResponse { Id = id.ToString() };
    }
}
