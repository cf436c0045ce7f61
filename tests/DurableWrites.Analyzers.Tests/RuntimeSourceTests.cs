using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DurableWrites.Analyzers.Tests.Verifiers;
using DurableWrites.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// The runtime does every step of the durable sequence itself, through FileStream, renames and its own directory
/// flushes: the analyzers must find nothing in it. A storage library written with care is the false-positive test.
/// </summary>
public class RuntimeSourceTests
{
    [Fact]
    public async Task TheRuntimesOwnSources_GetNoDiagnostics()
    {
        (ImmutableArray<Diagnostic> diagnostics, IReadOnlyCollection<Exception> exceptions) = await AnalyzeRuntimeAsync(extraSource: null);

        Assert.Empty(exceptions);
        Assert.Empty(diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task TheSameCompilation_WithOneNaiveWriteAdded_ReportsIt()
    {
        // The control: the analyzers do run on this compilation, and would report what the runtime got wrong.
        const string naive = "namespace DurableWrites { internal static class Naive { internal static void Save(string path) => System.IO.File.WriteAllText(path, \"x\"); } }";
        (ImmutableArray<Diagnostic> diagnostics, IReadOnlyCollection<Exception> exceptions) = await AnalyzeRuntimeAsync(naive);

        Assert.Empty(exceptions);
        Diagnostic only = Assert.Single(diagnostics);
        Assert.Equal("DUR004", only.Id);
        Assert.Equal("Naive.cs", only.Location.SourceTree?.FilePath);
    }

    private static async Task<(ImmutableArray<Diagnostic>, IReadOnlyCollection<Exception>)> AnalyzeRuntimeAsync(string? extraSource)
    {
        // As the net8.0 build of the runtime sees its sources.
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12,
            preprocessorSymbols: new[] { "NET", "NETCOREAPP", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER", "NET7_0_OR_GREATER", "NET8_0_OR_GREATER", "NET8_0" });
        string runtime = Path.Combine(RepositoryRoot.Find() ?? throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory), "src", "DurableWrites");
        var trees = Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(runtime, file))
            .OrderBy(file => file, StringComparer.Ordinal)
            .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), parseOptions, path: file))
            .ToList();
        Assert.True(trees.Count >= 10, $"found only {trees.Count} source files under {runtime}");
        if (extraSource is not null)
        {
            trees.Add(CSharpSyntaxTree.ParseText(extraSource, parseOptions, path: "Naive.cs"));
        }

        Compilation compilation = CSharpCompilation.Create("DurableWrites", trees, TestReferences.Net80,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        return await AllRules.AnalyzeAsync(compilation);
    }

    private static bool IsBuildOutput(string root, string file)
    {
        string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
    }
}
