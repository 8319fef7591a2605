using System.Runtime.Serialization;
using System.Text.Json;
using Involvement.BuildingBlocks.Messaging;

namespace Involvement.UnitTests;

public sealed class MessageFaultLogTests
{
    [Fact]
    public void The_reason_a_body_did_not_read_never_quotes_the_body()
    {
        // The parser's own message quotes what it read: the reason must not.
        var parse = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<JsonElement>("""{"displayName": tJaneSecret}"""));
        Assert.Contains("Secret", parse.Message, StringComparison.Ordinal);

        var reason = MessageFaultLog.Unreadable(new SerializationException("An error occured while deserializing the message envelope", parse));

        Assert.NotNull(reason);
        Assert.DoesNotContain("Secret", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_of_the_wrong_shape_is_reported_by_its_path()
    {
        var parse = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Guid>("\"not-a-guid\""));

        Assert.Equal("not JSON of the expected shape at $", MessageFaultLog.Unreadable(parse));
    }

    [Fact]
    public void A_consumer_failure_is_not_an_unreadable_message()
    {
        Assert.Null(MessageFaultLog.Unreadable(new InvalidOperationException("the database is away")));
        Assert.Null(MessageFaultLog.Unreadable(new InvalidEventException("MemberRegistered", Guid.NewGuid(), ["involvementLevel 99 is not a pyramid level (1-7)"])));
    }
}
