using Involvement.BuildingBlocks.Errors;

namespace Involvement.Recruitment.Opportunities;

/// <summary>
/// A project lead acts only on the opportunities they own; the PPI team acts on all of them. Checked under the
/// opportunity's row lock, so a reassignment and an action cannot cross.
/// </summary>
public static class OwnerRule
{
    /// <param name="actingLead">The project lead acting (their token subject), or null when the PPI team acts.</param>
    public static void Ensure(string? owner, string? actingLead)
    {
        if (actingLead is not null && owner != actingLead)
        {
            throw new PermissionDeniedException("Project leads act only on the opportunities they own; ask the PPI team to assign this one to you.");
        }
    }
}
