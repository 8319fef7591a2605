using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>
/// A span per RPC for its domain work, tagged with the request's id fields (<c>*_id</c>: UUIDs, never personal
/// data) so a trace shows which member, opportunity or session a call was about.
/// </summary>
public sealed class RpcSpanInterceptor(ServiceTelemetry telemetry) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(request, context);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(request, context);
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    private Activity? Start(object request, ServerCallContext context)
    {
        var activity = telemetry.Source.StartActivity(context.Method.TrimStart('/'));
        if (activity is { IsAllDataRequested: true } && request is IMessage message)
        {
            foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
            {
                if (field.FieldType == FieldType.String && !field.IsRepeated && field.Name.EndsWith("_id", StringComparison.Ordinal)
                    && field.Accessor.GetValue(message) is string { Length: > 0 and <= 64 } id && Guid.TryParse(id, out _))
                {
                    activity.SetTag("involvement." + field.Name, id);
                }
            }
        }

        return activity;
    }

    // The exception's type says what went wrong; its message may quote the request, so it stays out of the trace.
    private static void Fail(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception is RpcException rpc ? rpc.StatusCode.ToString() : exception.GetType().Name);
}
