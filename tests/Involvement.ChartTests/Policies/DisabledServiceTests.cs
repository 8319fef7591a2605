using System.Text.RegularExpressions;
using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>A service that is switched off leaves no trace: no object named or labelled for it.</summary>
[Collection(ChartCollection.Name)]
public sealed class DisabledServiceTests(ChartFixture chart)
{
    [Fact]
    public void A_single_service_set_renders_nothing_for_the_other_services()
    {
        var singles = chart.All.Where(r => r.Set.EnabledServices.Count() == 1).ToList();
        Assert.True(singles.Select(r => r.Set.EnabledServices.Single()).Distinct().Count() == ValueSet.Services.Length,
            "expected a ci set that enables each service alone; found sets for: "
            + string.Join(", ", singles.Select(r => r.Set.EnabledServices.Single()).Distinct()));
        var v = new Violations("disabled service renders nothing");
        foreach (var render in chart.All)
        {
            foreach (var off in ValueSet.Services.Where(s => !render.Set.IsEnabled(s)))
            {
                var named = new Regex($"(^|-){off}(-|$)");
                foreach (var obj in render.Objects)
                {
                    if (obj.Service == off || named.IsMatch(obj.Name))
                        v.Add(render, obj, $"{off} is disabled, yet this object is named or labelled for it");
                }
            }
            foreach (var on in render.Set.EnabledServices)
            {
                if (!render.Deployments.Any(d => d.Service == on))
                    v.Add(render, null, $"{on} is enabled but has no Deployment");
            }
        }
        v.AssertNone();
    }
}
