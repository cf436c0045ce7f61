using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using DurableWrites.Analyzers.Tests.Verifiers;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur004OneShotWriteAnalyzer,
    DurableWrites.CodeFixes.Dur004OneShotWriteFixer>;
using VerifyDur001 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur001UnflushedStreamAnalyzer,
    DurableWrites.CodeFixes.Dur001UnflushedStreamFixer>;

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

    /// <summary>Test attributes as a framework declares them, for sources compiled without the framework's assembly.</summary>
    private const string Attributes = """

        namespace Xunit { public sealed class FactAttribute : System.Attribute { } }
        namespace NUnit.Framework
        {
            public sealed class TestFixtureAttribute : System.Attribute { }
            public sealed class TestAttribute : System.Attribute { }
            public sealed class SetUpAttribute : System.Attribute { }
        }
        """;

    [Fact]
    public async Task ATestMethod_IsNotJudged_WhereverItIs_UnlessIncluded()
    {
        const string source = """
            using System.IO;
            using Xunit;

            public class SettingsTests
            {
                [Fact]
                public void SavesSettings() => {|#0:File.WriteAllText("settings.json", "{}")|};

                private static void WriteFixture(string path) => {|#1:File.WriteAllText(path, "fixture")|};
            }
            """ + Attributes;
        await VerifyCS.VerifyAnalyzerAsync(source);
        await VerifyCS.VerifyAnalyzerAsync(source, "durable_writes.include_test_projects = true",
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "\"settings.json\""),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.WriteAllText", "path"));
    }

    [Fact]
    public Task AFixturesSetUp_IsNotJudged() =>
        VerifyCS.VerifyAnalyzerAsync("""
            using System.IO;
            using NUnit.Framework;

            [TestFixture]
            public class ImportTests
            {
                private string _path = "";

                [SetUp]
                public void CreateInput()
                {
                    _path = Path.Combine(Directory.GetCurrentDirectory(), "input.csv");
                    File.WriteAllText(_path, "a,b");
                }
            }
            """ + Attributes);

    [Fact]
    public async Task AWriterFieldOfATestClass_IsNotJudged()
    {
        const string source = """
            using System;
            using System.IO;
            using Xunit;

            public sealed class JournalTests : IDisposable
            {
                private readonly StreamWriter _journal = new StreamWriter("journal.txt");

                [Fact]
                public void Appends()
                {
                    _journal.WriteLine("entry");
                    {|#0:_journal.Flush()|};
                }

                public void Dispose() => _journal.Dispose();
            }
            """ + Attributes;
        await VerifyDur001.VerifyAnalyzerAsync(source);
        await VerifyDur001.VerifyAnalyzerAsync(
            source, "durable_writes.include_test_projects = true",
            VerifyDur001.Diagnostic()
                .WithLocation(0).WithArguments("_journal", "handed to the operating system by Flush()"));
    }

    [Fact]
    public Task AClassWithOtherAttributes_OrAMethodNamedTest_IsJudged() =>
        VerifyCS.VerifyAnalyzerAsync("""
            using System;
            using System.IO;

            [Serializable]
            public class SettingsStore
            {
                [Obsolete("use Save")]
                public void Test(string path) => {|#0:File.WriteAllText(path, "{}")|};
            }
            """ + Attributes,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "path"));

    /// <summary>A test file compiled without its framework: the attribute does not resolve, and still names a test.</summary>
    [Theory]
    [InlineData("[Fact]", false)]
    [InlineData("[Theory, InlineData(1)]", false)]
    [InlineData("[TestMethod]", false)]
    [InlineData("[Test]", false)]
    [InlineData("[Benchmark]", true)]
    public async Task AnUnresolvedTestAttribute_IsReadByItsName(string attribute, bool judged)
    {
        string source = $$"""
            using System.IO;
            using Xunit;

            public class ExportTests
            {
                {{attribute}}
                public void Exports(int n = 0) => File.WriteAllText("export.csv", "a,b");
            }
            """;
        var diagnostics = await AllRules.AnalyzeAsync(source);
        Assert.Equal(judged ? new[] { "DUR004" } : System.Array.Empty<string>(), diagnostics.Select(d => d.Id).Where(id => id.StartsWith("DUR", System.StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("xunit.abstractions")]
    [InlineData("Microsoft.Extensions.Logging")]
    public Task OtherProject_IsAnalyzed(string? reference) =>
        VerifyAsync(reference, editorConfig: null,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "Path.Combine(directory, \"settings.json\")"));
}
