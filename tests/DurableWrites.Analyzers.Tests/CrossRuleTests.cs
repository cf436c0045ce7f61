using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace DurableWrites.Analyzers.Tests;

/// <summary>All five rules at once: one problem, one diagnostic, from the most precise rule.</summary>
public class CrossRuleTests
{
    private static async Task<string[]> IdsAsync(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        ImmutableArray<Diagnostic> diagnostics = await AllRules.AnalyzeAsync(source, kind);
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id + "@" + d.Location.GetLineSpan().StartLinePosition.Line).ToArray(); // zero-based lines
    }

    [Fact]
    public async Task HandRolledReplace_GetsOneDur005()
    {
        string[] ids = await IdsAsync(Samples.AtomicSave);
        Assert.Equal(new[] { "DUR005@9", "DUR005@20", "DUR002@25", "DUR003@26", "DUR002@31" }, ids);
    }

    [Fact]
    public async Task CreatedUnflushedStream_GetsOneDur001()
    {
        string[] ids = await IdsAsync(Samples.CommentStore);
        Assert.Equal(new[] { "DUR001@17" }, ids);
    }

    [Fact]
    public async Task SettingsService_EveryUnsafeWriteOnce()
    {
        string[] ids = await IdsAsync(Samples.SettingsService);
        Assert.Equal(new[] { "DUR001@18", "DUR001@24", "DUR004@28", "DUR004@31" }, ids);
    }

    [Fact]
    public async Task TopLevelStatements()
    {
        string[] ids = await IdsAsync(Samples.TopLevelProgram, OutputKind.ConsoleApplication);
        Assert.Equal(new[] { "DUR004@3", "DUR004@8" }, ids);
    }
}
