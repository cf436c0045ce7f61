using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DurableWrites.Analyzers.Roslyn48Tests;

/// <summary>
/// Loads the shipped analyzer assemblies the way a compiler does (an <see cref="AnalyzerFileReference"/> per file, in an
/// AssemblyLoadContext of their own that shares the compiler's Microsoft.CodeAnalysis) and runs them on a compilation.
/// </summary>
internal sealed class AnalyzerHost
{
    public static readonly string AnalyzerDirectory = Path.Combine(AppContext.BaseDirectory, "analyzers");

    public List<string> LoadFailures { get; } = new();

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public AnalyzerHost()
    {
        var loader = new Loader();
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (string file in new[] { "DurableWrites.Analyzers.dll", "DurableWrites.CodeFixes.dll" })
        {
            var reference = new AnalyzerFileReference(Path.Combine(AnalyzerDirectory, file), loader);
            reference.AnalyzerLoadFailed += (_, e) => LoadFailures.Add($"{file}: {e.ErrorCode} {e.Message} {e.Exception}");
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        Analyzers = analyzers.ToImmutable();
    }

    public static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create(
            "App",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12), path: "/app/Store.cs") },
            References.Net80,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public async Task<ImmutableArray<Diagnostic>> RunAsync(Compilation compilation, IReadOnlyDictionary<string, string>? options = null)
    {
        var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new OptionsProvider(options ?? new Dictionary<string, string>()));
        var withAnalyzers = compilation.WithAnalyzers(
            Analyzers,
            new CompilationWithAnalyzersOptions(analyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        private readonly AssemblyLoadContext _context = new("DurableWrites analyzers");

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);
    }

    /// <summary>The same options for every file, as one <c>[*.cs]</c> section of an .editorconfig gives them.</summary>
    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public OptionsProvider(IReadOnlyDictionary<string, string> options) => _options = new Options(options);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public Options(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            bool found = _values.TryGetValue(key, out string? v);
            value = v;
            return found;
        }
    }
}
