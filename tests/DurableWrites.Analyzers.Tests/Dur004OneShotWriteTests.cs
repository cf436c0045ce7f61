using System.Threading.Tasks;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur004OneShotWriteAnalyzer,
    DurableWrites.CodeFixes.Dur004OneShotWriteFixer>;

namespace DurableWrites.Analyzers.Tests;

public class Dur004OneShotWriteTests
{
    [Fact]
    public async Task WriteAllText_IsFlaggedAndFixed()
    {
        const string source = """
            using System.IO;

            class Settings
            {
                void Save(string path, string json)
                {
                    {|#0:File.WriteAllText(path, json)|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using DurableWrites;

            class Settings
            {
                void Save(string path, string json)
                {
                    DurableFile.WriteAllText(path, json);
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source, new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.WriteAllText", "path") }, fixedSource);
    }
}
