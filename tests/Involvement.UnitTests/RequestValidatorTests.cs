using Involvement.BuildingBlocks.Errors;
using Involvement.Recruitment.V1;

namespace Involvement.UnitTests;

public sealed class RequestValidatorTests
{
    [Fact]
    public void Collects_every_violation_before_throwing()
    {
        var v = new RequestValidator();
        v.Required("a", "", 10);
        v.Required("b", "far too long", 3);
        v.Id("c", "nope");

        var ex = Assert.Throws<RequestValidationException>(v.ThrowIfInvalid);

        Assert.Equal(["a", "b", "c"], ex.Violations.Select(x => x.Field));
    }

    [Fact]
    public void Text_is_trimmed_and_optional_blank_is_absent()
    {
        var v = new RequestValidator();

        Assert.Equal("Amara", v.Required("a", "  Amara ", 10));
        Assert.Null(v.Optional("b", "   ", 10));
        v.ThrowIfInvalid();
    }

    [Theory]
    [InlineData("Amara\0")]
    [InlineData("Am\u0007ara")]
    public void Control_characters_are_refused(string value)
    {
        var v = new RequestValidator();
        v.Required("given_name", value, 100);
        v.TextList("interests", [value], 5, 100);

        Assert.Equal(["given_name", "interests[0]"], v.Violations.Select(x => x.Field));
        Assert.Contains("control character", v.Violations[0].Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Amara\nOkafor", false, true)]
    [InlineData("Amara\r\nOkafor", false, true)]
    [InlineData("Amara\u2028Okafor", false, false)]
    [InlineData("Amara\tOkafor", false, false)]
    [InlineData("Amara \u202Erofako", false, false)]
    [InlineData("Amara\u2066Okafor\u2069", false, false)]
    [InlineData("\u0623\u0645\u0627\u0631\u0627 Okafor", true, true)]
    [InlineData("Moved away.\nWill come back in spring.", false, true)]
    [InlineData("Moved away.\r\nWill come back.", false, true)]
    [InlineData("Moved away.\tWill come back.", false, false)]
    [InlineData("Moved away \u202Eyaws\u202C.", false, false)]
    public void Single_line_text_refuses_line_breaks_tabs_and_bidi_controls_and_multi_line_text_allows_only_line_breaks(
        string value, bool validOnOneLine, bool validOnManyLines)
    {
        var line = new RequestValidator();
        line.Required("given_name", value, 500);
        var lines = new RequestValidator();
        lines.RequiredMultiLine("reason", value, 500);

        Assert.Equal((validOnOneLine, validOnManyLines), (line.Violations.Count == 0, lines.Violations.Count == 0));
        Assert.All(line.Violations.Concat(lines.Violations), x => Assert.Contains("U+", x.Description, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2.5, true)]
    [InlineData(0, true)]
    [InlineData(12, true)]
    [InlineData(12.0000001, false)]
    [InlineData(-0.25, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    [InlineData(double.NegativeInfinity, false)]
    [InlineData(double.MaxValue, false)]
    public void Floating_point_numbers_must_be_finite_and_in_range(double value, bool valid)
    {
        var v = new RequestValidator();

        Assert.Equal(valid, v.Finite("hours", value, 0, 12));
        Assert.Equal(valid, v.Violations.Count == 0);
    }

    [Theory]
    [InlineData("0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", true)]
    [InlineData("00000000-0000-0000-0000-000000000000", false)]
    [InlineData("0190a3c4", false)]
    [InlineData("", false)]
    public void Ids_must_be_non_empty_uuids(string value, bool valid)
    {
        var v = new RequestValidator();
        v.Id("id", value);

        Assert.Equal(valid, v.Violations.Count == 0);
    }

    [Fact]
    public void Unknown_enum_numbers_and_a_missing_required_enum_are_violations()
    {
        var v = new RequestValidator();
        v.Enum("known", LivedExperienceType.Carer, required: true);
        v.Enum("unknown", (LivedExperienceType)42, required: false);
        v.Enum("missing", LivedExperienceType.Unspecified, required: true);
        v.Enum("optional", LivedExperienceType.Unspecified, required: false);

        Assert.Equal(["unknown", "missing"], v.Violations.Select(x => x.Field));
        Assert.Contains("42", v.Violations[0].Description, StringComparison.Ordinal);
        Assert.Contains("ServiceUser", v.Violations[1].Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name@example.org", true)]
    [InlineData("Name <name@example.org>", false)]
    [InlineData("no-at-sign", false)]
    public void Emails_must_be_bare_addresses(string email, bool valid)
    {
        var v = new RequestValidator();
        v.OptionalEmail("email", email);

        Assert.Equal(valid, v.Violations.Count == 0);
    }
}
