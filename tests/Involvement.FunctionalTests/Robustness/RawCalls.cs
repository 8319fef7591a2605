using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Involvement.FunctionalTests.Robustness;

/// <summary>Calls any RPC with request bytes of the test's making, so a request can be anything a client could send.</summary>
public static class RawCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>The call's status (OK when it succeeded), its error details, and on success the first response's bytes.</summary>
    public static async Task<RawReply> CallAsync(CallInvoker calls, MethodDescriptor method, byte[] request)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            if (method.IsServerStreaming)
            {
                // A stream may never end (health Watch): its first answer, or its status, is enough.
                using var stream = calls.AsyncServerStreamingCall(Describe(MethodType.ServerStreaming, method), null, options, request);
                var first = await stream.ResponseStream.MoveNext(CancellationToken.None) ? stream.ResponseStream.Current : null;
                return new(first is null ? stream.GetStatus() : Status.DefaultSuccess, first);
            }

            using var unary = calls.AsyncUnaryCall(Describe(MethodType.Unary, method), null, options, request);
            return new(Status.DefaultSuccess, await unary.ResponseAsync);
        }
        catch (RpcException ex)
        {
            return new(ex.Status, null, ex);
        }
    }

    private static Method<byte[], byte[]> Describe(MethodType type, MethodDescriptor method) =>
        new(type, method.Service.FullName, method.Name, Bytes, Bytes);
}

/// <param name="Error">The failure as the client saw it, with its trailers (google.rpc details travel there).</param>
public sealed record RawReply(Status Status, byte[]? Response, RpcException? Error = null)
{
    /// <summary>The fields a google.rpc.BadRequest in the reply names.</summary>
    public IReadOnlyList<string> Violations =>
        Error?.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}
