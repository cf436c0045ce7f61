using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur004OneShotWriteAnalyzer,
    DurableWrites.CodeFixes.Dur004OneShotWriteFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>Projects that reference a unit-test framework write fixtures, not data: they are left alone unless asked for.</summary>
public class TestProjectTests
{
    private const string Source = """
        using System.IO;

        public class SettingsTests
        {
            public void SavesSettings(string directory)
            {
                {|#0:File.WriteAllText(Path.Combine(directory, "settings.json"), "{}")|};
            }
        }
        """;

    /// <summary>An assembly with a test framework's name, standing in for the package a test project references.</summary>
    private static MetadataReference Framework(string assemblyName)
    {
        var image = new System.IO.MemoryStream();
        CSharpCompilation.Create(assemblyName, new[] { CSharpSyntaxTree.ParseText("namespace Framework { public sealed class FactAttribute : System.Attribute { } }") },
                Verifiers.TestReferences.Net80WithRuntime, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .Emit(image);
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static async Task VerifyAsync(string? frameworkAssembly, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new VerifyCS.Test { TestCode = Source };
        if (frameworkAssembly is not null)
        {
            test.TestState.AdditionalReferences.Add(Framework(frameworkAssembly));
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("xunit.core")]
    [InlineData("xunit.v3.core")]
    [InlineData("nunit.framework")]
    [InlineData("Microsoft.VisualStudio.TestPlatform.TestFramework")]
    [InlineData("MSTest.TestFramework")]
    [InlineData("TUnit.Core")]
    public Task TestProject_IsNotAnalyzed(string framework) => VerifyAsync(framework, editorConfig: null);

    [Fact]
    public Task TestProject_AnalyzedWhenIncluded() =>
        VerifyAsync("xunit.core", "durable_writes.include_test_projects = true",
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.Combine(directory, \"settings.json\")"));

    [Theory]
    [InlineData(null)]
    [InlineData("xunit.abstractions")]
    [InlineData("Microsoft.Extensions.Logging")]
    public Task OtherProject_IsAnalyzed(string? reference) =>
        VerifyAsync(reference, editorConfig: null,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.Combine(directory, \"settings.json\")"));
}
