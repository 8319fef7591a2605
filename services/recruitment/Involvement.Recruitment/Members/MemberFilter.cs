using Involvement.BuildingBlocks.Data;
using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.Recruitment.Members;

/// <summary>A validated ListMembers query: filters, page size and the cursor (the last member id of the previous page).</summary>
public sealed record MemberFilter(
    string? Status, string? LivedExperienceType, int? InvolvementLevel, string? CareGroup, string? Locality, string? Interest, int PageSize, Guid? After)
{
    public static MemberFilter From(ListMembersRequest request)
    {
        var v = new RequestValidator();
        var status = v.Enum("status", request.Status, required: false);
        var type = v.Enum("lived_experience_type", request.LivedExperienceType, required: false);
        var level = v.Enum("involvement_level", request.InvolvementLevel, required: false);
        var pageSize = v.PageSize("page_size", request.PageSize);
        var after = PageToken.Decode(request.PageToken, TokenList, v);
        var careGroup = v.Optional("care_group", request.CareGroup, 100);
        var locality = v.Optional("locality", request.Locality, 100);
        var interest = v.Optional("interest", request.Interest, 60);
        v.ThrowIfInvalid();
        return new MemberFilter(
            status == MemberStatus.Unspecified ? null : Codes.Of(status),
            type == V1.LivedExperienceType.Unspecified ? null : Codes.Of(type),
            level == V1.InvolvementLevel.Unspecified ? null : (int)level,
            careGroup, locality, interest, pageSize, after);
    }

    public const string TokenList = "members";

    public static string EncodeToken(Guid lastMemberId) => PageToken.Encode(TokenList, lastMemberId);
}
