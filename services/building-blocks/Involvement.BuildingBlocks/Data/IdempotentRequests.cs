using System.Security.Cryptography;
using Google.Protobuf;
using Involvement.BuildingBlocks.Errors;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Makes a create safe to retry: the first call with a key does the work and stores its response in the same
/// transaction; a retry with the same key and request gets that response back; the same key with a different
/// request is refused. Concurrent retries wait on the key's row, so the work happens once. A key belongs to the caller
/// (the token's subject) that sent it, so two callers choosing the same key make two requests.
/// </summary>
public static class IdempotentRequests
{
    public static Task<TResponse> ExecuteOnceAsync<TResponse>(
        this Db db, string operation, string caller, string key, IMessage request, Func<UnitOfWork, Task<TResponse>> work, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        var requestHash = SHA256.HashData(request.ToByteArray());
        return db.InTransactionAsync(async unit =>
        {
            var claimed = await unit.ExecuteAsync(
                """
                insert into idempotent_requests (operation, caller, idempotency_key, request_hash, created_at)
                values (@operation, @caller, @key, @requestHash, now())
                on conflict (operation, caller, idempotency_key) do nothing
                """,
                new { operation, caller, key, requestHash });
            if (claimed == 1)
            {
                var response = await work(unit);
                await unit.ExecuteAsync(
                    "update idempotent_requests set response = @response where operation = @operation and caller = @caller and idempotency_key = @key",
                    new { operation, caller, key, response = response.ToByteArray() });
                return response;
            }

            var stored = await unit.QuerySingleOrDefaultAsync<StoredRequest>(
                "select request_hash, response from idempotent_requests where operation = @operation and caller = @caller and idempotency_key = @key",
                new { operation, caller, key });
            if (stored is { Response: null } && stored.RequestHash.AsSpan().SequenceEqual(requestHash))
            {
                throw new AlreadyExistsException(
                    $"The {operation} request with idempotency key '{key}' was done, and its result has since been erased with the member's personal data.");
            }

            if (stored is null || stored.Response is null || !stored.RequestHash.AsSpan().SequenceEqual(requestHash))
            {
                throw new AlreadyExistsException(
                    $"The idempotency key '{key}' was already used for a different {operation} request; use a new key for a new request.");
            }

            var previous = new TResponse();
            previous.MergeFrom(stored.Response);
            return previous;
        }, cancellationToken);
    }

    /// <summary>
    /// Forgets stored responses that contain a text (a member's id, on erasure). The keys stay claimed, so a late
    /// retry is refused rather than answered with personal data or done a second time.
    /// </summary>
    public static Task<int> ForgetResponsesMentioningAsync(UnitOfWork unit, string text) =>
        unit.ExecuteAsync("update idempotent_requests set response = null where position(convert_to(@text, 'UTF8') in response) > 0", new { text });

    private sealed record StoredRequest(byte[] RequestHash, byte[]? Response);
}
