using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using Dur002 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur002DirectoryEntryAnalyzer,
    DurableWrites.CodeFixes.Dur002DirectoryEntryFixer>;
using Dur005 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur005RenameUnflushedAnalyzer,
    DurableWrites.CodeFixes.Dur005RenameUnflushedFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// A FileStream subclass that writes a temporary file and renames it over the target when it is closed: its callers
/// write the data, and closing leaves it in the page cache, so the rename needs a flush before it.
/// </summary>
public class AtomicFileStreamTests
{
    private static string Stream(string fields, string constructorBody, string close, string usings = "") => $$"""
        using System;
        using System.IO;
        using System.Runtime.InteropServices;
        {{(usings.Length > 0 ? usings + "\n" : string.Empty)}}
        public class AtomicFileStream : FileStream
        {
            {{fields}}

            public AtomicFileStream(string path, string tempPath, FileMode mode, FileAccess access, FileShare share)
                : base(tempPath, mode, access, share)
            {
                {{constructorBody}}
            }

            {{close}}

            private static class NativeMethods
            {
                [DllImport("Kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
                public static extern bool MoveFileEx(string existingFileName, string newFileName, int flags);
            }
        }
        """;

    private const string Fields = "private readonly string path;\n    private readonly string tempPath;";

    private const string Assignments = "this.path = path;\n        this.tempPath = tempPath;";

    [Fact]
    public Task CloseThatReplacesTheTarget_IsFlaggedAndRenamesDurably() =>
        Dur005.VerifyCodeFixAsync(
            Stream(Fields, Assignments, """
                public override void Close()
                    {
                        base.Close();
                        if (File.Exists(path))
                            {|#0:File.Replace(tempPath, path, null)|};
                        else
                            {|#1:File.Move(tempPath, path)|};
                    }
                """),
            new[]
            {
                Dur005.Diagnostic().WithLocation(0).WithArguments("File.Replace", "tempPath", "path"),
                Dur005.Diagnostic().WithLocation(1).WithArguments("File.Move", "tempPath", "path"),
            },
            Stream(Fields, Assignments, """
                public override void Close()
                    {
                        base.Close();
                        if (File.Exists(path))
                            DurableFile.Replace(tempPath, path, null);
                        else
                            DurableFile.Move(tempPath, path);
                    }
                """, "using DurableWrites;"));

    [Fact]
    public Task NativeRenameWithWriteThrough_OfACheckedField_FlushesTheFileFirst() =>
        Dur005.VerifyCodeFixAsync(
            Stream(
                "private readonly string _path;\n    private readonly string _tempPath;",
                "_path = path ?? throw new ArgumentNullException(nameof(path));\n        _tempPath = tempPath ?? throw new ArgumentNullException(nameof(tempPath));",
                """
                public override void Close()
                    {
                        base.Close();
                        var success = {|#0:NativeMethods.MoveFileEx(_tempPath, _path, 1 | 8)|};
                        if (!success)
                            Marshal.ThrowExceptionForHR(Marshal.GetLastWin32Error());
                    }
                """),
            new[] { Dur005.Diagnostic().WithLocation(0).WithArguments("NativeMethods.MoveFileEx", "_tempPath", "_path") },
            Stream(
                "private readonly string _path;\n    private readonly string _tempPath;",
                "_path = path ?? throw new ArgumentNullException(nameof(path));\n        _tempPath = tempPath ?? throw new ArgumentNullException(nameof(tempPath));",
                """
                public override void Close()
                    {
                        base.Close();
                        DurableFile.Sync(_tempPath);
                        var success = NativeMethods.MoveFileEx(_tempPath, _path, 1 | 8);
                        if (!success)
                            Marshal.ThrowExceptionForHR(Marshal.GetLastWin32Error());
                    }
                """, "using DurableWrites;"),
            Dur005RenameUnflushedFixer.FlushAroundKey);

    [Fact]
    public Task DisposeThatMovesItsOwnName_IsFlagged() =>
        Dur005.VerifyAnalyzerAsync(Stream(
            "private readonly string _target;",
            "_target = path;",
            """
            protected override void Dispose(bool disposing)
                {
                    base.Dispose(disposing);
                    if (disposing)
                        {|#0:File.Move(Name, _target, overwrite: true)|};
                }
            """),
            Dur005.Diagnostic().WithLocation(0).WithArguments("File.Move", "Name", "_target"));

    [Fact]
    public Task AFieldSetFromTheOpenStreamsName_IsItsOwnFile() =>
        Dur005.VerifyAnalyzerAsync(Stream(
            "private readonly string _final;\n    private readonly string _temporary;",
            "_final = path;\n        _temporary = this.Name;",
            """
            protected override void Dispose(bool disposing)
                {
                    base.Dispose(disposing);
                    {|#0:File.Move(_temporary, _final, true)|};
                }
            """),
            Dur005.Diagnostic().WithLocation(0).WithArguments("File.Move", "_temporary", "_final"));

    [Fact]
    public Task FlushedToDiskBeforeClosing_IsNotFlagged_AndTheDirectoryIsStillDur002s() =>
        Dur002.VerifyAnalyzerAsync(Stream(Fields, Assignments, """
            public override void Close()
                {
                    Flush(true);
                    base.Close();
                    {|#0:File.Move(tempPath, path, true)|};
                }
            """),
            Dur002.Diagnostic().WithLocation(0).WithArguments("Moving to", "path"));

    [Fact]
    public async Task FlushedToDiskBeforeClosing_OrByItsHandle_IsNotDur005s()
    {
        await Dur005.VerifyAnalyzerAsync(Stream(Fields, Assignments, """
            public override void Close()
                {
                    base.Flush(true);
                    base.Close();
                    File.Move(tempPath, path, true);
                }
            """));
        await Dur005.VerifyAnalyzerAsync(Stream(Fields, Assignments, """
            public override void Close()
                {
                    Flush();
                    RandomAccess.FlushToDisk(SafeFileHandle);
                    base.Close();
                    File.Move(tempPath, path, true);
                }
            """));
    }

    [Fact]
    public Task ARenameOfAnotherFile_OrOutsideAFileStream_IsNotDur005s() =>
        Dur005.VerifyAnalyzerAsync(Stream(
            "private readonly string _path;\n    private readonly string _archive;",
            "_path = path;\n        _archive = path + \".old\";",
            """
            public override void Close()
                {
                    base.Close();
                    File.Move(_path, _archive, true);
                }
            }

            public class Committer : IDisposable
            {
                private readonly string _temp;
                private readonly string _target;

                public Committer(string temp, string target)
                {
                    _temp = temp;
                    _target = target;
                }

                public void Dispose() => File.Move(_temp, _target, true);
            """));

    private static string Transaction(string open, string commit, string more = "") => $$"""
        using System;
        using System.IO;

        public class FileWriteTransaction : IDisposable
        {
            public FileWriteTransaction(string finalName)
            {
                FinalName = Path.GetFullPath(finalName);
                TempName = finalName + ".tmp";
                {{open}}
            }

            public string FinalName { get; }

            public string TempName { get; }

            public FileStream Target { get; }

            public void Commit()
            {
                {{commit}}
            }

            {{more}}

            public void Dispose() => Target.Dispose();
        }
        """;

    [Fact]
    public Task ACommitThatClosesTheStreamMemberAndRenamesItsFile_IsFlaggedAndRenamesDurably() =>
        Dur005.VerifyCodeFixAsync(
            Transaction("Target = File.Create(TempName);", """
                Target.Close();
                        if (File.Exists(FinalName))
                            {|#0:File.Replace(TempName, FinalName, null)|};
                        else
                            {|#1:File.Move(this.TempName, FinalName)|};
                """),
            new[]
            {
                Dur005.Diagnostic().WithLocation(0).WithArguments("File.Replace", "TempName", "FinalName"),
                Dur005.Diagnostic().WithLocation(1).WithArguments("File.Move", "this.TempName", "FinalName"),
            },
            Transaction("Target = File.Create(TempName);", """
                Target.Close();
                        if (File.Exists(FinalName))
                            DurableFile.Replace(TempName, FinalName, null);
                        else
                            DurableFile.Move(this.TempName, FinalName);
                """).Replace("using System.IO;\n", "using System.IO;\nusing DurableWrites;\n"));

    [Fact]
    public async Task ATransactionThatFlushesItsStream_OrRenamesAnotherFile_IsNotDur005s()
    {
        await Dur005.VerifyAnalyzerAsync(Transaction(
            "Target = File.Create(TempName);",
            "Target.Close();\n        File.Move(TempName, FinalName, true);",
            "public void Flush() => Target.Flush(true);"));
        await Dur005.VerifyAnalyzerAsync(Transaction(
            "Target = new FileStream(TempName, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);",
            "Target.Close();\n        File.Move(TempName, FinalName, true);"));
        await Dur005.VerifyAnalyzerAsync(Transaction(
            "Target = File.Create(FinalName + \".new\");",
            "Target.Close();\n        File.Move(TempName, FinalName, true);"));
    }
}
