using Involvement.ChartTests.Rendering;

namespace Involvement.ChartTests.Policies;

/// <summary>What an install prints (NOTES.txt) renders for every ci set and names exactly the services it installed.</summary>
[Collection(ChartCollection.Name)]
public sealed class NotesTests(ChartFixture chart)
{
    [Fact]
    public void Every_ci_set_prints_notes_naming_the_services_it_installed_and_no_other()
    {
        var v = new Violations("install notes");
        foreach (var set in chart.Sets)
        {
            var result = chart.Renderer.RenderNotes([set.File!]);
            if (result.ExitCode != 0)
            {
                v.Add($"ci set '{set.Name}'", $"NOTES.txt failed to render: {result.Stderr.Trim()}");
                continue;
            }
            foreach (var service in ValueSet.Services)
            {
                var named = result.Stdout.Contains($"{RenderRequest.Release}-{service}.{RenderRequest.Namespace}.svc:8080", StringComparison.Ordinal);
                if (named != set.IsEnabled(service))
                    v.Add($"ci set '{set.Name}'", $"{service} is {(set.IsEnabled(service) ? "enabled but not named" : "disabled but named")} in the notes");
            }
        }
        v.AssertNone();
    }
}
