using Involvement.BuildingBlocks.Errors;
using Involvement.BuildingBlocks.Time;
using Google.Type;

namespace Involvement.Training.Plans;

/// <summary>A goal's content as a request gives it, checked field by field.</summary>
public sealed record ValidGoal(string Title, string Description, DateOnly TargetOn, DateOnly ReviewOn)
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;

    public static ValidGoal From(RequestValidator v, string? title, string? description, Date? targetOn, Date? reviewOn) => new(
        v.Required("title", title, MaxTitleLength),
        v.OptionalMultiLine("description", description, MaxTextLength) ?? "",
        ProtoDates.Required(v, "target_on", targetOn),
        ProtoDates.Required(v, "review_on", reviewOn));
}
