using Google.Rpc;
using Grpc.Core;

namespace Involvement.FunctionalTests;

public static class RpcAssert
{
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, ex.StatusCode);
        return ex;
    }

    /// <summary>INVALID_ARGUMENT with a google.rpc.BadRequest naming exactly these fields.</summary>
    public static async Task<BadRequest> InvalidFields(Func<Task> call, params string[] fields)
    {
        var ex = await FailsWith(StatusCode.InvalidArgument, call);
        var badRequest = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(fields.Order(), badRequest.FieldViolations.Select(v => v.Field).Order());
        Assert.All(badRequest.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        return badRequest;
    }
}
