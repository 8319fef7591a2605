using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.UnitTests;

public sealed class NewMemberTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static RegisterMemberRequest Valid() => new()
    {
        IdempotencyKey = "k-1",
        GivenName = "Thomas",
        FamilyName = "Reid",
        LivedExperienceType = LivedExperienceType.Carer,
        ConsentToHoldData = true,
    };

    [Fact]
    public void Display_name_is_the_full_name_unless_a_preferred_name_is_given()
    {
        Assert.Equal("Thomas Reid", NewMember.From(Valid(), Today).DisplayName);

        var preferred = Valid();
        preferred.PreferredName = "Tom";
        Assert.Equal("Tom", NewMember.From(preferred, Today).DisplayName);
    }

    [Fact]
    public void Level_defaults_to_the_bottom_of_the_pyramid()
    {
        Assert.Equal(InvolvementLevel.Information, NewMember.From(Valid(), Today).InvolvementLevel);
    }

    [Fact]
    public void Consent_to_hold_data_is_required()
    {
        var request = Valid();
        request.ConsentToHoldData = false;

        var ex = Assert.Throws<RequestValidationException>(() => NewMember.From(request, Today));

        Assert.Equal("consent_to_hold_data", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void Blank_optional_contact_details_are_absent()
    {
        var request = Valid();
        request.Details = new MemberDetails { Contact = new ContactDetails { Email = " " } };

        var member = NewMember.From(request, Today);

        Assert.Null(member.Details.Email);
        Assert.Null(member.Details.Phone);
    }
}
