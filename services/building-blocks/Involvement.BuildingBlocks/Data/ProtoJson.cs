using Google.Protobuf;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Messages stored as jsonb in their proto JSON form: the content a caller sent, kept as they sent it, with
/// unknown fields ignored on reading so older rows stay readable as the message grows.
/// </summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static string Format(IMessage message) => Formatter.Format(message);

    public static T Parse<T>(string json)
        where T : IMessage<T>, new() => Parser.Parse<T>(json);
}
