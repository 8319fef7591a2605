using System.Text.Json;
using System.Text.Json.Nodes;
using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Messaging;
using Involvement.Contracts;
using Involvement.Contracts.Recruitment;

namespace Involvement.Reporting.Rebuild;

/// <summary>
/// The events reporting's consumers applied, kept so the read models can be rebuilt. Reporting holds no personal
/// data, so an event's personal fields are removed before it is stored: <see cref="PersonalFields"/> lists them per
/// event (a new event with a name or an address in it adds its line here). Replay reads them back as absent (null).
/// </summary>
public static class EventJournal
{
    /// <summary>Fields (as in docs/events.md) never stored, per event type.</summary>
    public static readonly IReadOnlyDictionary<Type, IReadOnlyList<string>> PersonalFields = new Dictionary<Type, IReadOnlyList<string>>
    {
        [typeof(MemberRegistered)] = ["displayName", "locality"],
        [typeof(MemberUpdated)] = ["displayName", "locality"],
    };

    /// <summary>The event as stored: its JSON without its personal fields.</summary>
    public static string Redacted(IIntegrationEvent e)
    {
        var json = JsonSerializer.SerializeToNode(e, e.GetType(), EventJson.Options)!.AsObject();
        foreach (var field in PersonalFields.GetValueOrDefault(e.GetType()) ?? [])
        {
            json.Remove(field);
        }

        return json.ToJsonString(EventJson.Options);
    }

    /// <summary>Keeps an applied event, in the consumer's transaction (once, however many consumers apply it).</summary>
    public static Task AppendAsync(UnitOfWork unit, IIntegrationEvent e, DateOnly affectsFrom) =>
        unit.ExecuteAsync(
            """
            insert into event_journal (event_type, event_id, affects_from, payload, journaled_at)
            values (@type, @EventId, @affectsFrom, @payload::jsonb, now())
            on conflict do nothing
            """,
            new { type = e.GetType().FullName, e.EventId, affectsFrom, payload = Redacted(e) });

    public static IIntegrationEvent? Read(string eventType, string payload) =>
        EventJson.ContractType(eventType) is { } type ? (IIntegrationEvent?)JsonSerializer.Deserialize(payload, type, EventJson.Options) : null;
}
