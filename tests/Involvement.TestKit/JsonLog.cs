using System.Text.Json;

namespace Involvement.TestKit;

/// <summary>Reads a service's output as the JSON log lines it must consist of.</summary>
public static class JsonLog
{
    /// <summary>Every line parsed; fails naming the first line that is not JSON.</summary>
    public static IReadOnlyList<JsonElement> Parse(IEnumerable<string> lines)
    {
        var entries = new List<JsonElement>();
        foreach (var line in lines.Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                entries.Add(json.RootElement.Clone());
            }
            catch (JsonException)
            {
                throw new InvalidOperationException($"A log line is not JSON: {line}");
            }
        }

        return entries;
    }

    public static IEnumerable<JsonElement> WithEventId(this IEnumerable<JsonElement> entries, int eventId) =>
        entries.Where(e => e.TryGetProperty("EventId", out var id) && id.GetInt32() == eventId);

    public static IEnumerable<JsonElement> InCategory(this IEnumerable<JsonElement> entries, string prefix) =>
        entries.Where(e => e.TryGetProperty("Category", out var c) && c.GetString()!.StartsWith(prefix, StringComparison.Ordinal));

    public static string Message(this JsonElement entry) => entry.GetProperty("Message").GetString()!;
}
