using System.Text.Json;
using Involvement.Contracts;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>How outbox rows store events, and how the relay finds their contract types again.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The contract type for a stored type name, or null if this build does not know it.</summary>
    public static Type? ContractType(string fullName)
    {
        var type = typeof(IIntegrationEvent).Assembly.GetType(fullName);
        return type is not null && typeof(IIntegrationEvent).IsAssignableFrom(type) ? type : null;
    }
}
