using Google.Protobuf.Reflection;
using Google.Rpc;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace Involvement.BuildingBlocks.Hosting;

/// <summary>How the REST API writes JSON: proto3 JSON as every protobuf library reads it.</summary>
public static class RestJson
{
    public static void Configure(GrpcJsonTranscodingOptions options)
    {
        // int64 as strings (the proto3 JSON mapping): pence and versions past 2^53 survive a JavaScript client.
        options.JsonSettings.WriteInt64sAsStrings = true;
        // A failure's google.rpc.Status carries BadRequest and PreconditionFailure details as Any: the writer must
        // know their types, or the error body itself fails to serialise.
        options.TypeRegistry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);
    }
}
