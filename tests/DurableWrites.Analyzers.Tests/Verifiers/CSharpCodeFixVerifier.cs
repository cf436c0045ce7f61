using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DurableWrites.Analyzers.Tests.Verifiers;

/// <summary>The dotnet/roslyn-analyzers verifier shape, on the framework-neutral testing types.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    // Additional locations (the last write, the temporary file's write) only guide the fixes: the tests check the fixes instead.
    public static DiagnosticResult Diagnostic() =>
        CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic().WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static DiagnosticResult Diagnostic(string diagnosticId) =>
        CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(diagnosticId).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) => VerifyAnalyzerAsync(source, editorConfig: null, expected);

    public static async Task VerifyAnalyzerAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null) =>
        VerifyCodeFixAsync(source, System.Array.Empty<DiagnosticResult>(), fixedSource, equivalenceKey);

    public static async Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource, string? equivalenceKey = null)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestState.AdditionalReferences.AddRange(TestReferences.Net80WithRuntime);
        }

        /// <summary>C# 12, the version of the .NET 8 SDK: the oldest compiler the analyzers load in.</summary>
        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.CSharp12;

        public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions())
                .WithOutputKind(OutputKind)
                .WithNullableContextOptions(NullableContextOptions.Enable);
    }
}
