using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;

namespace Involvement.FunctionalTests.Robustness;

/// <summary>
/// The services a running host serves, as its server reflection describes them: what the host really exposes,
/// whatever assemblies it was built from.
/// </summary>
public static class ServedContracts
{
    public static async Task<IReadOnlyList<ServiceDescriptor>> ReadAsync(CallInvoker calls)
    {
        using var call = new ServerReflection.ServerReflectionClient(calls).ServerReflectionInfo();
        async Task<ServerReflectionResponse> AskAsync(ServerReflectionRequest request)
        {
            await call.RequestStream.WriteAsync(request);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            return call.ResponseStream.Current;
        }

        var names = (await AskAsync(new ServerReflectionRequest { ListServices = "" })).ListServicesResponse.Service.Select(s => s.Name).ToList();
        var files = new Dictionary<string, (FileDescriptorProto Proto, ByteString Bytes)>();
        void Keep(ServerReflectionResponse response)
        {
            foreach (var bytes in response.FileDescriptorResponse.FileDescriptorProto)
            {
                var proto = FileDescriptorProto.Parser.ParseFrom(bytes);
                files.TryAdd(proto.Name, (proto, bytes));
            }
        }

        foreach (var name in names)
        {
            Keep(await AskAsync(new ServerReflectionRequest { FileContainingSymbol = name }));
        }

        // A server may leave out files it already sent on the stream; ask for any dependency still missing.
        while (files.Values.SelectMany(f => f.Proto.Dependency).FirstOrDefault(d => !files.ContainsKey(d)) is { } missing)
        {
            Keep(await AskAsync(new ServerReflectionRequest { FileByFilename = missing }));
        }

        await call.RequestStream.CompleteAsync();
        var ordered = new List<ByteString>();
        var added = new HashSet<string>();
        void AddWithDependenciesFirst(string file)
        {
            if (added.Add(file))
            {
                files[file].Proto.Dependency.ToList().ForEach(AddWithDependenciesFirst);
                ordered.Add(files[file].Bytes);
            }
        }

        files.Keys.ToList().ForEach(AddWithDependenciesFirst);
        return FileDescriptor.BuildFromByteStrings(ordered).SelectMany(f => f.Services).Where(s => names.Contains(s.FullName)).ToList();
    }
}
