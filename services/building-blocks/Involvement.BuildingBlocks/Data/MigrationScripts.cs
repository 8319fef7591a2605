using System.Reflection;

namespace Involvement.BuildingBlocks.Data;

/// <summary>A set of numbered <c>.sql</c> migrations embedded in an assembly under a resource-name prefix.</summary>
public sealed record MigrationScripts(Assembly Assembly, string ResourcePrefix);
