using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur005RenameUnflushedAnalyzer,
    DurableWrites.CodeFixes.Dur005RenameUnflushedFixer>;

namespace DurableWrites.Analyzers.Tests;

public class Dur005RenameUnflushedTests
{
    private static string Code(string body, string extraUsings = "") => $$"""
        using System.IO;
        using System.Text.Json;
        using System.Threading.Tasks;
        {{(extraUsings.Length > 0 ? extraUsings + "\n" : string.Empty)}}
        class Store
        {
            async Task Save(string path, string json, byte[] data, object settings)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task WriteTempThenMove_OneCall() =>
        VerifyCS.VerifyAnalyzerAsync(Code("var tmp = path + \".tmp\"; File.WriteAllText(tmp, json); {|#0:File.Move(tmp, path, true)|};"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "tmp", "path"));

    [Fact]
    public Task WriteTempStreamThenReplace() =>
        VerifyCS.VerifyAnalyzerAsync(Code("""
            var tmp = path + ".new";
                    using (var fs = File.Create(tmp))
                    {
                        JsonSerializer.Serialize(fs, settings);
                    }
                    {|#0:File.Replace(tmp, path, path + ".bak")|};
            """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Replace", "tmp", "path"));

    [Fact]
    public Task TempFromGetTempFileName_IsStillFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(Code("var tmp = Path.GetTempFileName(); await File.WriteAllBytesAsync(tmp, data); {|#0:File.Move(tmp, path, overwrite: true)|};"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "tmp", "path"));

    [Fact]
    public Task TempFlushedByTheProjectsOwnHelper_IsNotFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(Code("var tmp = path + \".tmp\"; using (var fs = File.Create(tmp)) { fs.Write(data); FlushToDisk(fs); } File.Move(tmp, path, true);")
            .Replace("    async Task Save(", "    static void FlushToDisk(FileStream stream) => RandomAccess.FlushToDisk(stream.SafeFileHandle);\n    async Task Save("));

    private static string WithLibcSync(string code) =>
        code.Replace("    async Task Save(", "    [System.Runtime.InteropServices.DllImport(\"libc\")] static extern void sync();\n    async Task Save(");

    [Fact]
    public Task GlobalSyncBetweenWriteAndRename_IsLeftToDur003() =>
        VerifyCS.VerifyAnalyzerAsync(WithLibcSync(Code("""
            File.WriteAllText(path + ".tmp", json); sync(); File.Move(path + ".tmp", path, true);
                    using (var fs = File.Create(path + ".new")) { fs.Write(data); }
                    sync();
                    File.Replace(path + ".new", path, null);
            """)));

    [Fact]
    public Task GlobalSyncThatMayNotFlushTheData_StillFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(WithLibcSync(Code("""
            File.WriteAllText(path + ".a", json); if (data.Length > 0) sync(); {|#0:File.Move(path + ".a", path, true)|};
                    File.WriteAllText(path + ".b", json); {|#1:File.Move(path + ".b", path, true)|}; sync();
                    using var fs = File.Create(path + ".c"); fs.Write(data); sync(); {|#2:File.Move(path + ".c", path, true)|};
            """)),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "path + \".a\"", "path"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("File.Move", "path + \".b\"", "path"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("File.Move", "path + \".c\"", "path"));

    [Fact]
    public Task CopiedTempThenMove() =>
        VerifyCS.VerifyAnalyzerAsync(Code("File.Copy(json, path + \".tmp\"); {|#0:File.Move(path + \".tmp\", path, true)|};"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "path + \".tmp\"", "path"));

    [Fact]
    public Task NotFlagged_TempFlushedToDisk() =>
        VerifyCS.VerifyAnalyzerAsync(Code("var tmp = path + \".tmp\"; using (var fs = File.Create(tmp)) { fs.Write(data); fs.Flush(true); } File.Move(tmp, path, true);"));

    [Fact]
    public Task NotFlagged_TempWrittenDurably() =>
        VerifyCS.VerifyAnalyzerAsync(Code("var tmp = path + \".tmp\"; DurableFile.WriteAllText(tmp, json); File.Move(tmp, path, true);", "using DurableWrites;"));

    [Fact]
    public Task NotFlagged_SourceNotWrittenHere() =>
        VerifyCS.VerifyAnalyzerAsync(Code("File.Move(json, path, true);"));

    [Fact]
    public Task NotFlagged_DestinationIsTemporary() =>
        VerifyCS.VerifyAnalyzerAsync(Code("File.WriteAllText(path, json); File.Move(path, Path.Combine(Path.GetTempPath(), \"x\"));"));

    [Fact]
    public Task Fix_DoesNotCollapseWhenTheTemporaryFileWasWrittenBefore()
    {
        // Collapsing the last write and the rename would leave the first write's temporary file behind.
        string source = Code("var tmp = path + \".tmp\";\n        File.WriteAllText(tmp, \"\");\n        File.WriteAllText(tmp, json);\n        {|#0:File.Move(tmp, path, true)|};");
        return VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "tmp", "path") },
            source, Dur005RenameUnflushedFixer.WriteTargetKey);
    }

    [Fact]
    public Task Fix_CollapsesToOneDurableWrite() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("var tmp = path + \".tmp\";\n        await File.WriteAllTextAsync(tmp, json);\n        {|#0:File.Move(tmp, path, true)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "tmp", "path") },
            Code("var tmp = path + \".tmp\";\n        await DurableFile.WriteAllTextAsync(path, json);", "using DurableWrites;"),
            Dur005RenameUnflushedFixer.WriteTargetKey);

    [Fact]
    public Task Fix_CollapsesAnAwaitedWriteWithConfigureAwait() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("var tmp = path + \".tmp\";\n        await File.WriteAllTextAsync(tmp, json).ConfigureAwait(false);\n        {|#0:File.Move(tmp, path, true)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "tmp", "path") },
            Code("var tmp = path + \".tmp\";\n        await DurableFile.WriteAllTextAsync(path, json).ConfigureAwait(false);", "using DurableWrites;"),
            Dur005RenameUnflushedFixer.WriteTargetKey);

    [Fact]
    public Task FileInfoWrittenThenMovedByItsFullName_IsOneRename() =>
        VerifyCS.VerifyAnalyzerAsync(Code("""
            var temp = new FileInfo(path + ".tmp");
                    using (var fs = temp.Open(FileMode.Create, FileAccess.Write)) { JsonSerializer.Serialize(fs, settings); }
                    {|#0:File.Move(temp.FullName, path, true)|};
            """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "temp.FullName", "path"));

    [Fact]
    public Task Fix_DurableMoveKeepsTheWrite() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("var tmp = path + \".tmp\";\n        File.WriteAllText(tmp, json);\n        {|#0:File.Move(tmp, path, true)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Move", "tmp", "path") },
            Code("var tmp = path + \".tmp\";\n        File.WriteAllText(tmp, json);\n        DurableFile.Move(tmp, path, true);", "using DurableWrites;"),
            Dur005RenameUnflushedFixer.UseDurableRenameKey);

    [Fact]
    public Task Fix_DurableReplace() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("using (var fs = File.Create(path + \".new\")) { fs.Write(data); }\n        {|#0:File.Replace(path + \".new\", path, null)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("File.Replace", "path + \".new\"", "path") },
            Code("using (var fs = File.Create(path + \".new\")) { fs.Write(data); }\n        DurableFile.Replace(path + \".new\", path, null);", "using DurableWrites;"),
            Dur005RenameUnflushedFixer.UseDurableRenameKey);
}

public class Dur005AfterFixTests
{
    [Fact]
    public Task TempWriteBeforeDurableMove_IsNotFlaggedByAnyRule() =>
        Verifiers.CSharpCodeFixVerifier<Dur004OneShotWriteAnalyzer, Dur004OneShotWriteFixer>.VerifyAnalyzerAsync("""
            using System.IO;
            using DurableWrites;

            class C
            {
                void M(string path, string json)
                {
                    var temp = path + ".tmp";
                    File.WriteAllText(temp, json);
                    DurableFile.Move(temp, path, true);
                }
            }
            """);
}
