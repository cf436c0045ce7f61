using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace DurableWrites.Analyzers.Tests;

/// <summary>Every fix offered on the sample programs, alone and as Fix All, gives code that compiles against the runtime, with no new compiler warning.</summary>
public class FixOutputCompilesTests
{
    public static TheoryData<string, int> Programs => new()
    {
        { nameof(Samples.CommentStore), 0 },
        { nameof(Samples.SettingsService), 1 },
        { nameof(Samples.AtomicSave), 2 },
        { nameof(Samples.TopLevelProgram), 3 },
        { nameof(Samples.GameSave), 4 },
        { nameof(Samples.Archiver), 5 },
        { nameof(Samples.Journal), 6 },
        { nameof(Samples.NativeSave), 7 },
        { nameof(Samples.DataSetStore), 8 },
        { nameof(Samples.WriteAheadLog), 9 },
        { nameof(Samples.WorldSave), 10 },
    };

    private static readonly string[] Sources = { Samples.CommentStore, Samples.SettingsService, Samples.AtomicSave, Samples.TopLevelProgram, Samples.GameSave, Samples.Archiver, Samples.Journal, Samples.NativeSave, Samples.DataSetStore, Samples.WriteAheadLog, Samples.WorldSave };

    private static Project Project(int index) =>
        AllRules.CreateProject(Sources[index], index == 3 ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task EachFixCompiles(string name, int index)
    {
        Project project = Project(index);
        Assert.Empty(await AllRules.CompilerErrorsAsync(project));
        var offers = await AllRules.OffersAsync(project);
        Assert.NotEmpty(offers);
        foreach (var (diagnostic, _, action) in offers)
        {
            Solution fixedSolution = await AllRules.ApplyAsync(action);
            Project fixedProject = fixedSolution.GetProject(project.Id)!;
            ImmutableArray<Diagnostic> errors = await AllRules.CompilerErrorsAsync(fixedProject);
            string text = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
            Assert.True(errors.IsEmpty, $"{name}: '{action.Title}' for {diagnostic} gives {string.Join("; ", errors)}\n{text}");
            var warnings = await AllRules.NewCompilerWarningsAsync(project, fixedProject);
            Assert.True(warnings.Count == 0, $"{name}: '{action.Title}' for {diagnostic} adds {string.Join("; ", warnings)}\n{text}");
            Assert.True(CountOccurrences(text, "using DurableWrites;") <= 1, text);
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task FixAllCompilesAndClearsTheRule(string name, int index)
    {
        Project project = Project(index);
        var offers = await AllRules.OffersAsync(project);
        foreach (var group in offers.GroupBy(o => (o.Fixer, o.Action.EquivalenceKey)))
        {
            foreach (FixAllScope scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
            {
                Solution fixedSolution = await AllRules.FixAllAsync(project, group.Key.Fixer, group.Key.EquivalenceKey!, scope);
                Project fixedProject = fixedSolution.GetProject(project.Id)!;
                ImmutableArray<Diagnostic> errors = await AllRules.CompilerErrorsAsync(fixedProject);
                string text = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
                Assert.True(errors.IsEmpty, $"{name}: Fix All '{group.Key.EquivalenceKey}' ({scope}) gives {string.Join("; ", errors)}\n{text}");
                var warnings = await AllRules.NewCompilerWarningsAsync(project, fixedProject);
                Assert.True(warnings.Count == 0, $"{name}: Fix All '{group.Key.EquivalenceKey}' ({scope}) adds {string.Join("; ", warnings)}\n{text}");

                // What was fixed is no longer reported.
                (ImmutableArray<Diagnostic> after, _) = await AllRules.AnalyzeAsync(fixedProject);
                int before = group.Select(o => o.Diagnostic).Distinct().Count();
                int remaining = after.Count(d => group.Key.Fixer.FixableDiagnosticIds.Contains(d.Id)
                    && group.Any(o => o.Diagnostic.Id == d.Id && o.Diagnostic.GetMessage() == d.GetMessage()));
                Assert.True(remaining < before, $"{name}: Fix All '{group.Key.EquivalenceKey}' left {remaining} of {before}\n{text}");
            }
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, System.StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, System.StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
