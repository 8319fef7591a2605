using System.Text.Json;
using System.Text.Json.Serialization;
using Involvement.Contracts;
using MassTransit.Serialization.JsonConverters;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>How outbox rows store events, how events travel, and how the relay finds their contract types again.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// MassTransit's JSON options as events travel: numbers as JSON numbers, as docs/events.md promises (MassTransit
    /// writes decimals such as <c>hours</c> as strings by default). Numbers written as strings by an older publisher
    /// are still read. Returns a copy: MassTransit's options are shared and may already be in use.
    /// </summary>
    public static JsonSerializerOptions OnTheWire(JsonSerializerOptions massTransitDefaults)
    {
        var options = new JsonSerializerOptions(massTransitDefaults) { NumberHandling = JsonNumberHandling.AllowReadingFromString };
        foreach (var decimalsAsStrings in options.Converters.OfType<StringDecimalJsonConverter>().ToList())
        {
            options.Converters.Remove(decimalsAsStrings);
        }

        return options;
    }

    /// <summary>The contract type for a stored type name, or null if this build does not know it.</summary>
    public static Type? ContractType(string fullName)
    {
        var type = typeof(IIntegrationEvent).Assembly.GetType(fullName);
        return type is not null && typeof(IIntegrationEvent).IsAssignableFrom(type) ? type : null;
    }
}
