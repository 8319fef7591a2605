using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.Members;
using Involvement.Recruitment.V1;

namespace Involvement.UnitTests;

public sealed class NewMemberTests
{
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
        Assert.Equal("Thomas Reid", NewMember.From(Valid()).DisplayName);

        var preferred = Valid();
        preferred.PreferredName = "Tom";
        Assert.Equal("Tom", NewMember.From(preferred).DisplayName);
    }

    [Fact]
    public void Level_defaults_to_the_bottom_of_the_pyramid()
    {
        Assert.Equal(InvolvementLevel.Information, NewMember.From(Valid()).InvolvementLevel);
    }

    [Fact]
    public void Consent_to_hold_data_is_required()
    {
        var request = Valid();
        request.ConsentToHoldData = false;

        var ex = Assert.Throws<RequestValidationException>(() => NewMember.From(request));

        Assert.Equal("consent_to_hold_data", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void Blank_optional_contact_details_are_absent()
    {
        var request = Valid();
        request.Email = " ";

        var member = NewMember.From(request);

        Assert.Null(member.Email);
        Assert.Null(member.Phone);
    }
}
