using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using Dur002 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur002DirectoryEntryAnalyzer,
    DurableWrites.CodeFixes.Dur002DirectoryEntryFixer>;
using Dur005 = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur005RenameUnflushedAnalyzer,
    DurableWrites.CodeFixes.Dur005RenameUnflushedFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>Renames through native imports (libc's rename, kernel32's MoveFile, MoveFileEx and ReplaceFile), as hand-written atomic saves do.</summary>
public class NativeRenameTests
{
    private static string Code(string body, string usings = "") => $$"""
        using System;
        using System.ComponentModel;
        using System.IO;
        using System.Runtime.InteropServices;
        {{(usings.Length > 0 ? usings + "\n" : string.Empty)}}
        static class Native
        {
            public const int MOVEFILE_REPLACE_EXISTING = 0x1;
            public const int MOVEFILE_WRITE_THROUGH = 0x8;

            [DllImport("kernel32.dll", EntryPoint = "MoveFileExW", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern bool MoveFileEx(string existingFileName, string newFileName, int flags);

            [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
            public static extern bool ReplaceFile(string replacedFileName, string replacementFileName, string? backupFileName, int flags, IntPtr exclude, IntPtr reserved);

            [DllImport("libc", SetLastError = true)]
            public static extern int rename(string oldPath, string newPath);
        }

        class Saver
        {
            void Save(string path, string json, int flags)
            {
                string tmp = path + ".tmp";
                {{body}}
            }
        }
        """;

    [Fact]
    public Task MoveFileExOfAnUnflushedFile_IsFlaggedAndFlushedAround() =>
        Dur005.VerifyCodeFixAsync(
            Code("""
                File.WriteAllText(tmp, json);
                        if (!{|#0:Native.MoveFileEx(tmp, path, Native.MOVEFILE_REPLACE_EXISTING)|}) throw new Win32Exception();
                """),
            new[] { Dur005.Diagnostic().WithLocation(0).WithArguments("Native.MoveFileEx", "tmp", "path") },
            Code("""
                File.WriteAllText(tmp, json);
                        DurableFile.Sync(tmp);
                        if (!Native.MoveFileEx(tmp, path, Native.MOVEFILE_REPLACE_EXISTING)) throw new Win32Exception();
                        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
                """, "using DurableWrites;"),
            Dur005RenameUnflushedFixer.FlushAroundKey);

    [Fact]
    public Task MoveFileExWithWriteThrough_FlushesOnlyTheFileBefore() =>
        Dur005.VerifyCodeFixAsync(
            Code("""
                File.WriteAllText(tmp, json);
                        {|#0:Native.MoveFileEx(tmp, path, Native.MOVEFILE_REPLACE_EXISTING | Native.MOVEFILE_WRITE_THROUGH)|};
                """),
            new[] { Dur005.Diagnostic().WithLocation(0).WithArguments("Native.MoveFileEx", "tmp", "path") },
            Code("""
                File.WriteAllText(tmp, json);
                        DurableFile.Sync(tmp);
                        Native.MoveFileEx(tmp, path, Native.MOVEFILE_REPLACE_EXISTING | Native.MOVEFILE_WRITE_THROUGH);
                """, "using DurableWrites;"),
            Dur005RenameUnflushedFixer.FlushAroundKey);

    [Fact]
    public Task TheBlankLineBeforeTheRename_StaysBeforeTheFlush() =>
        Dur005.VerifyCodeFixAsync(
            Code("""
                File.WriteAllText(tmp, json);

                        // Replace the old file.
                        {|#0:Native.MoveFileEx(tmp, path, Native.MOVEFILE_REPLACE_EXISTING | Native.MOVEFILE_WRITE_THROUGH)|};

                        if ({|#1:Native.rename(tmp + ".2", path + ".2")|} != 0) throw new IOException(path);
                """).Replace("string tmp = path + \".tmp\";", "string tmp = path + \".tmp\";\n        File.WriteAllText(tmp + \".2\", json);"),
            new[]
            {
                Dur005.Diagnostic().WithLocation(0).WithArguments("Native.MoveFileEx", "tmp", "path"),
                Dur005.Diagnostic().WithLocation(1).WithArguments("Native.rename", "tmp + \".2\"", "path + \".2\""),
            },
            Code("""
                File.WriteAllText(tmp, json);

                        // Replace the old file.
                        DurableFile.Sync(tmp);
                        Native.MoveFileEx(tmp, path, Native.MOVEFILE_REPLACE_EXISTING | Native.MOVEFILE_WRITE_THROUGH);

                        DurableFile.Sync(tmp + ".2");
                        if (Native.rename(tmp + ".2", path + ".2") != 0) throw new IOException(path);
                        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path + ".2"))!);
                """, "using DurableWrites;").Replace("string tmp = path + \".tmp\";", "string tmp = path + \".tmp\";\n        File.WriteAllText(tmp + \".2\", json);"),
            Dur005RenameUnflushedFixer.FlushAroundKey);

    [Fact]
    public Task NoFlushIsOfferedWhereItCouldNotBeWhole() =>
        // The target is not named twice (a new time each call), or the rename sits in a loop's condition.
        Dur005.VerifyCodeFixAsync(
            Code("""
                File.WriteAllText(tmp, json);
                        {|#0:Native.rename(tmp, path + Guid.NewGuid())|};
                        File.WriteAllText(tmp + ".2", json);
                        while ({|#1:Native.MoveFileEx(tmp + ".2", path, Native.MOVEFILE_WRITE_THROUGH)|} == false) { }
                """),
            new[]
            {
                Dur005.Diagnostic().WithLocation(0).WithArguments("Native.rename", "tmp", "path + Guid.NewGuid()"),
                Dur005.Diagnostic().WithLocation(1).WithArguments("Native.MoveFileEx", "tmp + \".2\"", "path"),
            },
            Code("""
                File.WriteAllText(tmp, json);
                        {|#0:Native.rename(tmp, path + Guid.NewGuid())|};
                        File.WriteAllText(tmp + ".2", json);
                        while ({|#1:Native.MoveFileEx(tmp + ".2", path, Native.MOVEFILE_WRITE_THROUGH)|} == false) { }
                """),
            Dur005RenameUnflushedFixer.FlushAroundKey);

    [Fact]
    public Task LibcRenameAndReplaceFile_AreRenames() =>
        Dur005.VerifyAnalyzerAsync(
            Code("""
                File.WriteAllText(tmp, json);
                        if ({|#0:Native.rename(tmp, path)|} != 0) throw new IOException(path);
                        using (var fs = File.Create(tmp)) { fs.WriteByte(1); }
                        {|#1:Native.ReplaceFile(path, tmp, null, 0, IntPtr.Zero, IntPtr.Zero)|};
                """),
            Dur005.Diagnostic().WithLocation(0).WithArguments("Native.rename", "tmp", "path"),
            Dur005.Diagnostic().WithLocation(1).WithArguments("Native.ReplaceFile", "tmp", "path"));

    [Fact]
    public Task FlushedBeforeTheRename_IsNotFlaggedByDur005() =>
        Dur005.VerifyAnalyzerAsync(Code("""
            using (var fs = File.Create(tmp)) { fs.WriteByte(1); fs.Flush(true); }
                    Native.rename(tmp, path);
            """));

    [Fact]
    public Task NativeRenameWithoutDirectoryFlush_IsDur002WithTheDirectoryFix() =>
        Dur002.VerifyCodeFixAsync(
            Code("if ({|#0:Native.rename(tmp, path)|} != 0) throw new IOException(path);"),
            new[] { Dur002.Diagnostic().WithLocation(0).WithArguments("Moving to", "path") },
            Code("""
                if (Native.rename(tmp, path) != 0) throw new IOException(path);
                        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
                """, "using DurableWrites;"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task RenameWhoseSuccessLeavesTheMethod_GetsNoDirectoryFlushAfterIt() =>
        // Past the if only the failed rename goes on: a flush there would not cover the rename.
        Dur002.VerifyCodeFixAsync(
            Code("if ({|#0:Native.rename(tmp, path)|} == 0) return; Console.WriteLine(path);"),
            new[] { Dur002.Diagnostic().WithLocation(0).WithArguments("Moving to", "path") },
            Code("if ({|#0:Native.rename(tmp, path)|} == 0) return; Console.WriteLine(path);"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Theory]
    [InlineData("Native.MoveFileEx(tmp, path, Native.MOVEFILE_WRITE_THROUGH | Native.MOVEFILE_REPLACE_EXISTING);")]
    [InlineData("Native.MoveFileEx(tmp, path, flags);")]
    public Task MoveFileExThatMayWriteThrough_IsNotDur002(string body) => Dur002.VerifyAnalyzerAsync(Code(body));

    [Fact]
    public Task ABindingsWrapperThatHandsItsParametersOn_IsNotFlagged() =>
        // The rename is its callers'; a wrapper that does more than forward is judged as any other method.
        Dur002.VerifyAnalyzerAsync(Code("").Replace("class Saver", """
            static class Posix
            {
                internal static int Rename(string from, string to) => Native.rename(from, to);
                internal static bool Move(string from, string to) { return Native.MoveFileEx(from, to, 1); }
                internal static int RenameBeside(string from, string to) => {|#0:Native.rename(from, to + ".new")|};
            }

            class Saver
            """), Dur002.Diagnostic().WithLocation(0).WithArguments("Moving to", "to + \".new\""));
}
