using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Involvement.Contracts;

namespace Involvement.BuildingBlocks.Messaging;

/// <summary>Tags a consumer's span with the event's id, version and the ids it is about (Guid properties only).</summary>
internal static class EventTags
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> IdProperties = new();

    public static void Add(Activity? activity, IIntegrationEvent e)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("messaging.message.id", e.EventId.ToString());
        activity.SetTag("involvement.aggregate_version", e.AggregateVersion);
        foreach (var property in IdProperties.GetOrAdd(e.GetType(), type => [.. type.GetProperties()
            .Where(p => p.PropertyType == typeof(Guid) && p.Name.EndsWith("Id", StringComparison.Ordinal) && p.Name != nameof(IIntegrationEvent.EventId))]))
        {
            activity.SetTag("involvement." + property.Name, property.GetValue(e)?.ToString());
        }
    }
}
