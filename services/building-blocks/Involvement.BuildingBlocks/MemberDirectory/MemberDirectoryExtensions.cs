using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Involvement.BuildingBlocks.MemberDirectory;

/// <summary>
/// The member directory that payments and training share: each keeps member display names in its own database,
/// learned from <c>MemberRegistered</c> and <c>MemberUpdated</c>, and answers for them even when recruitment is away.
/// </summary>
public static class MemberDirectoryExtensions
{
    public static void AddMemberDirectory(this IServiceCollection services) =>
        services.AddMigrations(typeof(MemberDirectoryExtensions).Assembly, "Involvement.BuildingBlocks.MemberDirectory.Migrations.");

    public static void AddMemberDirectoryConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MemberDirectoryConsumer, MemberDirectoryConsumerDefinition>();
        bus.AddConsumer<MemberUpdatedDirectoryConsumer, MemberUpdatedDirectoryConsumerDefinition>();
        bus.AddConsumer<MemberErasedDirectoryConsumer, MemberErasedDirectoryConsumerDefinition>();
    }

    public static async Task<KnownMember> GetKnownMemberAsync(this Db db, Guid memberId, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<KnownMember>(
            "select member_id, display_name, member_version from known_members where member_id = @memberId",
            new { memberId }, cancellationToken)
        ?? throw new NotFoundException($"No member {memberId} is known here yet. Members appear once recruitment has registered them.");
}
