namespace Involvement.OpenApi;

/// <summary>
/// <c>involvement-openapi &lt;dir&gt; [--check]</c>: writes &lt;dir&gt;/&lt;service&gt;.json for every service, or with
/// <c>--check</c> writes nothing and exits 1 naming each document that differs from what the contracts give now.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var check = args.Contains("--check", StringComparer.Ordinal);
        var directories = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (directories.Count != 1)
        {
            Console.Error.WriteLine("usage: involvement-openapi <output-directory> [--check]");
            return 2;
        }

        var stale = new List<string>();
        foreach (var service in ServedMethods.Services)
        {
            var path = Path.Combine(directories[0], $"{service}.json");
            var text = Document.Render(Document.Build(service, ServedMethods.Read(ServedMethods.HostAssembly(service))));
            if (check)
            {
                if (!File.Exists(path) || File.ReadAllText(path) != text)
                {
                    stale.Add(path);
                }
            }
            else
            {
                Directory.CreateDirectory(directories[0]);
                File.WriteAllText(path, text);
                Console.WriteLine($"wrote {path}");
            }
        }

        foreach (var path in stale)
        {
            Console.Error.WriteLine($"stale: {path}");
        }

        return stale.Count == 0 ? 0 : 1;
    }
}
