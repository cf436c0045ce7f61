using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur002DirectoryEntryAnalyzer,
    DurableWrites.CodeFixes.Dur002DirectoryEntryFixer>;

namespace DurableWrites.Analyzers.Tests;

public class Dur002DirectoryEntryTests
{
    private static string Code(string body, string extraUsings = "") => $$"""
        using System.IO;
        {{(extraUsings.Length > 0 ? extraUsings + "\n" : string.Empty)}}
        class C
        {
            void M(string source, string target, string backup, byte[] data, FileInfo info)
            {
                {{body}}
            }
        }
        """;

    private static Task Flagged(string body, params (string Verb, string Path)[] expected)
    {
        var results = new Microsoft.CodeAnalysis.Testing.DiagnosticResult[expected.Length];
        for (int i = 0; i < expected.Length; i++)
        {
            results[i] = VerifyCS.Diagnostic().WithLocation(i).WithArguments(expected[i].Verb, expected[i].Path);
        }

        return VerifyCS.VerifyAnalyzerAsync(Code(body), results);
    }

    [Fact]
    public Task MoveCopyReplace() =>
        Flagged("{|#0:File.Move(source, target)|}; {|#1:File.Copy(source, target, true)|}; {|#2:File.Replace(source, target, backup)|}; {|#3:Directory.Move(source, target)|};",
            ("Moving to", "target"), ("Copying to", "target"), ("Replacing", "target"), ("Moving the directory to", "target"));

    [Fact]
    public Task FileInfoRenames() =>
        Flagged("{|#0:info.MoveTo(target)|}; {|#1:info.CopyTo(target)|};", ("Moving to", "target"), ("Copying to", "target"));

    [Fact]
    public Task CreatedStreamFlushedButDirectoryNotSynced() =>
        Flagged("using var fs = {|#0:File.Create(target)|}; fs.Write(data); fs.Flush(true);", ("Creating", "target"));

    [Fact]
    public Task TemporaryFileRenamedOverTheTarget_OnlyTheRenameIsReported() =>
        Flagged("""
            string temp = target + ".tmp";
                    using (var fs = File.Create(temp)) { fs.Write(data); fs.Flush(true); }
                    {|#0:File.Move(temp, target, overwrite: true)|};
                    using (var next = new FileStream(backup + ".new", FileMode.CreateNew)) { next.Write(data); next.Flush(true); }
                    {|#1:File.Replace(backup + ".new", backup, null)|};
                    using (var kept = {|#2:File.Create(source)|}) { kept.Write(data); kept.Flush(true); }
                    {|#3:File.Copy(source, target + ".copy", true)|};
            """, ("Moving to", "target"), ("Replacing", "backup"), ("Creating", "source"), ("Copying to", "target + \".copy\""));

    [Fact]
    public Task RenameThatReturnsBeforeTheLaterRenameAway_IsStillReported() =>
        // The first move returns: the later move of target to backup never follows it, so its name must survive.
        Flagged("""
            if (!File.Exists(target))
                    {
                        {|#0:File.Move(source, target)|};
                        return;
                    }

                    {|#1:File.Move(target, backup)|};
                    {|#2:File.Move(source, target)|};
                    try { File.Move(source, target + ".next"); return; } finally { {|#3:File.Move(target + ".next", target, true)|}; }
            """, ("Moving to", "target"), ("Moving to", "backup"), ("Moving to", "target"), ("Moving to", "target"));

    [Fact]
    public Task MovedOrCopiedToATemporaryName_OnlyTheFinalRenameIsReported() =>
        // A file moved into place under a temporary name first (to get the right permissions, say), then renamed over the target.
        Flagged("""
            string next = target + ".next";
                    File.Move(source, next);
                    {|#0:File.Move(next, target, overwrite: true)|};
                    File.Copy(backup, source + ".tmp", true);
                    File.Move(source + ".tmp", source, true); // DUR005: the copy was not flushed
                    {|#1:File.Move(backup, source + ".old")|};
            """, ("Moving to", "target"), ("Moving to", "source + \".old\""));

    private static string WithHelpers(string body) => Code(body, "using System.Runtime.InteropServices;").Replace("    void M(", """
            [DllImport("libc", SetLastError = true)] static extern int open(string path, int flags);
            [DllImport("libc", SetLastError = true)] static extern int fsync(int fd);
            [DllImport("libc")] static extern int close(int fd);
            const int O_DIRECTORY = 0x10000;

            static void SyncDirectory(string path)
            {
                int fd = open(Path.GetDirectoryName(Path.GetFullPath(path))!, O_DIRECTORY);
                try { if (fsync(fd) != 0) throw new IOException(path); } finally { close(fd); }
            }

            static void SyncDirectoryByValue(string directory)
            {
                int fd = open(directory, 0x10000);
                fsync(fd);
                close(fd);
            }

            [DllImport("libc", EntryPoint = "open", SetLastError = true)] static extern int OpenDirectory(string path, int flags);

            static void FlushDirectoryOpenedReadOnly(string directory)
            {
                int descriptor = OpenDirectory(directory, flags: 0);
                using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle((System.IntPtr)descriptor, ownsHandle: true);
                RandomAccess.FlushToDisk(handle);
            }

            static void FlushParentOf(string path)
            {
                string dir = Path.GetDirectoryName(path)!;
                int fd = open(dir, 0);
                fsync(fd);
                close(fd);
            }

            static void FsyncFileByPath(string path)
            {
                int fd = open(path, 0);
                fsync(fd);
                close(fd);
            }

            static void SyncDirectoryOnUnixOnly(string directory)
            {
        #if UNIX
                int fd = open(directory, O_DIRECTORY);
                fsync(fd);
                close(fd);
        #endif
            }

            static void CloseOnUnixOnly(string directory)
            {
        #if UNIX
                int fd = open(directory, O_DIRECTORY);
                close(fd);
        #endif
            }

            static class NativeMethods
            {
                internal const int OpenReadOnly = 0;
                internal const int OpenDirectory = 0x10000;
                [DllImport("libc", EntryPoint = "open", SetLastError = true)] internal static extern int Open(string path, int flags);
                [DllImport("libc", EntryPoint = "fsync", SetLastError = true)] internal static extern int Fsync(int descriptor);
                [DllImport("libc", EntryPoint = "close")] internal static extern int Close(int descriptor);
            }

            static void FlushMetadataOf(string where)
            {
                int descriptor = NativeMethods.Open(where, NativeMethods.OpenReadOnly | NativeMethods.OpenDirectory);
                try { if (NativeMethods.Fsync(descriptor) != 0) throw new IOException(where); } finally { NativeMethods.Close(descriptor); }
            }

            static void FlushFolder(string folder)
            {
                int descriptor = NativeMethods.Open(folder, NativeMethods.OpenReadOnly);
                NativeMethods.Fsync(descriptor);
                NativeMethods.Close(descriptor);
            }

            static void FlushFile(string file)
            {
                int descriptor = NativeMethods.Open(file, NativeMethods.OpenReadOnly);
                NativeMethods.Fsync(descriptor);
                NativeMethods.Close(descriptor);
            }

            static void SyncFileOnly(string path)
            {
                using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0x10000);
                fsync((int)fs.SafeFileHandle.DangerousGetHandle());
            }

            void M(
        """);

    [Fact]
    public Task TheProjectsOwnDirectorySyncAfterTheChange_IsNotFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(WithHelpers("""
            File.Move(source, target, true);
                    SyncDirectory(target);
                    using (var fs = File.Create(backup)) { fs.Write(data); fs.Flush(true); }
                    SyncDirectoryByValue(Path.GetDirectoryName(backup)!);
            """));

    [Fact]
    public Task TheProjectsOwnDirectorySync_OpenedReadOnlyByADirectorysName_IsNotFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(WithHelpers("""
            File.Move(source, target, true);
                    FlushDirectoryOpenedReadOnly(Path.GetDirectoryName(target)!);
                    File.Copy(source, backup, true);
                    FlushParentOf(backup);
            """));

    [Fact]
    public Task TheProjectsOwnDirectorySync_ThroughWrappersNamedTheCSharpWay_IsNotFlagged() =>
        // NativeMethods.Open (EntryPoint "open") with a flag named OpenDirectory, or given a folder.
        VerifyCS.VerifyAnalyzerAsync(WithHelpers("""
            File.Move(source, target, true);
                    FlushMetadataOf(Path.GetDirectoryName(target)!);
                    File.Move(backup, source, true);
                    FlushFolder(Path.GetDirectoryName(source)!);
                    {|#0:File.Move(target, target + ".old")|};
                    FlushFile(target + ".old");
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target + \".old\""));

    [Fact]
    public Task TheProjectsOwnDirectorySync_InAnInactiveIfBranch_IsNotFlagged() =>
        // Built without UNIX (for Windows, which has no directory flush) the helper is empty, but it is one.
        VerifyCS.VerifyAnalyzerAsync(WithHelpers("""
            File.Move(source, target, true);
                    SyncDirectoryOnUnixOnly(Path.GetDirectoryName(target)!);
                    {|#0:File.Copy(source, backup, true)|};
                    CloseOnUnixOnly(Path.GetDirectoryName(backup)!);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Copying to", "backup"));

    [Fact]
    public Task AFileOpenedReadOnlyAndFsynced_IsNotADirectorySync() =>
        VerifyCS.VerifyAnalyzerAsync(WithHelpers("""
            {|#0:File.Move(source, target, true)|};
                    FsyncFileByPath(target);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target"));

    [Fact]
    public Task AFileSyncOrADirectorySyncBeforeTheChange_IsFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(WithHelpers("""
            SyncDirectory(backup);
                    {|#0:File.Move(source, target, true)|};
                    SyncFileOnly(target);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target"));

    [Fact]
    public Task TemporaryFileRenamedElsewhere_IsNotFlagged() =>
        // Its name says it is written to be renamed: the rename (here in the caller's callback) is what must survive.
        VerifyCS.VerifyAnalyzerAsync("""
            using System;
            using System.IO;

            static class Store
            {
                public static void Save(string target, byte[] data) =>
                    WriteAtomically(target, data, temporaryPath => {|#0:File.Move(temporaryPath, target, true)|});

                static void WriteAtomically(string target, byte[] data, Action<string> commit)
                {
                    string temporaryPath = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
                    using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                    {
                        stream.Write(data);
                        stream.Flush(true);
                    }

                    commit(temporaryPath);
                }

                public static FileStream CreateBeside(string target)
                {
                    string path = Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileName(target) + ".temp");
                    return new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                }

                public static FileStream CreateTemplate(string target, string template)
                {
                    var stream = {|#1:new FileStream(Path.Combine(target, template), FileMode.CreateNew, FileAccess.Write)|};
                    return stream;
                }

                static void WriteTemporaryFile(string path, byte[] data)
                {
                    using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough);
                    stream.Write(data);
                }

                static void WriteTemplate(string path, byte[] data)
                {
                    using var stream = {|#3:new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)|};
                    stream.Write(data);
                }

                public static FileInfo WriteSnapshot(FileInfo target, byte[] data)
                {
                    var tmpFile = new FileInfo(target.FullName + "-" + Environment.ProcessId);
                    using (var stream = new FileStream(tmpFile.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                    {
                        stream.Write(data);
                    }

                    using (var copy = {|#2:new FileStream(target.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)|})
                    {
                        copy.Write(data);
                    }

                    return tmpFile;
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Creating", "Path.Combine(target, template)"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("Creating", "target.FullName"),
            VerifyCS.Diagnostic().WithLocation(3).WithArguments("Creating", "path"));

    [Fact]
    public Task FileOfATypeNamedForTemporaryFiles_IsNotFlagged() =>
        // class TempFile creates the file its constructor is given; what it moves into place, and what a type not so named creates, are still judged.
        VerifyCS.VerifyAnalyzerAsync("""
            using System.IO;

            sealed class TempFile
            {
                private readonly string _path;

                public TempFile(string path)
                {
                    _path = path;
                    using (File.Create(_path)) { }
                    using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)) { stream.WriteByte(1); }
                }

                public string FinalPath { get; } = "data.json";

                public void Commit() => {|#1:File.Move(_path, FinalPath, true)|};
            }

            sealed class Record
            {
                private readonly string _path;

                public Record(string path)
                {
                    _path = path;
                    using (var stream = {|#0:new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)|}) { stream.WriteByte(1); }
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "_path"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Moving to", "FinalPath"));

    [Fact]
    public Task ScratchFileDeletedOnClose_IsNotFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(Code("using (var fs = new FileStream(target, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose)) { fs.Write(data); fs.Flush(true); }"));

    [Fact]
    public Task LockFileHeldOpen_IsNotFlagged() =>
        VerifyCS.VerifyAnalyzerAsync("""
            using System;
            using System.IO;

            sealed class LockFile : IDisposable
            {
                private readonly FileStream _stream;

                private LockFile(FileStream stream) => _stream = stream;

                public void Dispose() => _stream.Dispose();

                public static LockFile? TryAcquire(string filePath)
                {
                    try
                    {
                        var stream = File.Open(filePath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                        return new LockFile(stream);
                    }
                    catch (IOException)
                    {
                        return null;
                    }
                }
            }

            sealed class Store
            {
                public FileStream Open(string path) => {|#0:new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None)|};

                public LockFile? CreateNoShareFile(string path)
                {
                    var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                    stream.Dispose();
                    return null;
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "path"));

    [Fact]
    public Task CreatedWithWriteThrough() =>
        Flagged("using var fs = {|#0:new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough)|}; fs.Write(data);",
            ("Creating", "target"));

    [Fact]
    public Task UnflushedCreatedStream_IsLeftToDur001() =>
        VerifyCS.VerifyAnalyzerAsync(Code("using var fs = File.Create(target); fs.Write(data);"));

    [Fact]
    public Task UnflushedCreatedStream_ReportedHereWhenDur001IsOff() =>
        VerifyCS.VerifyAnalyzerAsync(Code("using var fs = {|#0:File.Create(target)|}; fs.Write(data);"), "dotnet_diagnostic.DUR001.severity = none",
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "target"));

    [Fact]
    public Task NotFlagged_SyncedAfterwards() =>
        VerifyCS.VerifyAnalyzerAsync(Code("File.Move(source, target, true); DurableDirectory.Sync(Path.GetDirectoryName(target)!);", "using DurableWrites;"));

    [Fact]
    public Task ACopyFlushedWithItsDirectory_IsNotFlagged() =>
        // DurableFile.Sync flushes the copy's data and then its directory.
        VerifyCS.VerifyAnalyzerAsync(Code(
            "File.Copy(source, target, true);\n        DurableFile.Sync(target);\n        info.CopyTo(backup);\n        DurableFile.Sync(backup);",
            "using DurableWrites;"));

    [Fact]
    public Task ACopyWhoseDirectoryAloneIsFlushed_IsFlagged() =>
        // The name survives a crash, but the copy's data was never flushed: the file can come back empty.
        VerifyCS.VerifyAnalyzerAsync(Code(
            "{|#0:File.Copy(source, target, true)|};\n        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);\n        {|#1:info.CopyTo(backup)|};\n        DurableFile.WriteAllBytes(source, data);",
            "using DurableWrites;"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Copying to", "target"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Copying to", "backup"));

    [Fact]
    public Task ACopyFollowedByTheProjectsOwnDirectorySyncOfAnotherPath_IsFlagged() =>
        VerifyCS.VerifyAnalyzerAsync(WithHelpers("""
            {|#0:File.Copy(source, backup, true)|};
                    SyncDirectory(target);
            """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Copying to", "backup"));

    [Fact]
    public Task Fix_SyncDirectory_ForACopy_FlushesTheCopyAndItsDirectory() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("{|#0:File.Copy(source, target, true)|};\n        {|#1:info.CopyTo(backup, true)|};"),
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("Copying to", "target"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("Copying to", "backup"),
            },
            Code("File.Copy(source, target, true);\n        DurableFile.Sync(target);\n        info.CopyTo(backup, true);\n        DurableFile.Sync(backup);", "using DurableWrites;"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task NotFlagged_RuntimeCalls() =>
        VerifyCS.VerifyAnalyzerAsync(Code("DurableFile.Move(source, target); DurableFile.Copy(source, target, true); DurableDirectory.Move(source, target);", "using DurableWrites;"));

    [Fact]
    public Task NotFlagged_OpenOrCreateOnlyRead() =>
        VerifyCS.VerifyAnalyzerAsync(Code("using var fs = new FileStream(target, FileMode.OpenOrCreate); using var reader = new StreamReader(fs); reader.ReadToEnd();"));

    [Fact]
    public Task NotFlagged_ExistingFileOpened() =>
        VerifyCS.VerifyAnalyzerAsync(Code("using var fs = new FileStream(target, FileMode.Open, FileAccess.Write); fs.Write(data); fs.Flush(true);"));

    [Fact]
    public Task NotFlagged_TemporaryDestination() =>
        VerifyCS.VerifyAnalyzerAsync(Code("File.Copy(source, Path.Combine(Path.GetTempPath(), \"copy.bin\"), true);"));

    [Fact]
    public Task DeletesAndDirectories_AreOptIn() =>
        VerifyCS.VerifyAnalyzerAsync(Code("File.Delete(target); Directory.CreateDirectory(target); Directory.Delete(source, true);"));

    [Fact]
    public Task DeletesAndDirectories_WhenEnabled() =>
        VerifyCS.VerifyAnalyzerAsync(Code("{|#0:File.Delete(target)|}; {|#1:Directory.CreateDirectory(target)|}; {|#2:Directory.Delete(source, true)|};"),
            "durable_writes.dur002.include_deletes = true\ndurable_writes.dur002.include_directory_creation = true",
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Deleting", "target"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Creating the directory", "target"),
            VerifyCS.Diagnostic().WithLocation(2).WithArguments("Deleting the directory", "source"));

    [Fact]
    public Task Fix_UseDurableWrites() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("{|#0:File.Move(source, target, overwrite: true)|};\n        {|#1:File.Copy(source, backup)|};\n        {|#2:Directory.Move(source, target)|};"),
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("Copying to", "backup"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("Moving the directory to", "target"),
            },
            Code("DurableFile.Move(source, target, overwrite: true);\n        DurableFile.Copy(source, backup);\n        DurableDirectory.Move(source, target);", "using DurableWrites;"),
            Dur002DirectoryEntryFixer.UseRuntimeKey);

    [Fact]
    public Task Fix_CreatedStream_UsesDurableFileCreate() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("using var fs = {|#0:File.Create(target)|}; fs.Write(data); fs.Flush(true);"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "target") },
            Code("using var fs = DurableFile.Create(target); fs.Write(data); fs.Flush(true);", "using DurableWrites;"),
            Dur002DirectoryEntryFixer.UseRuntimeKey);

    [Fact]
    public Task Fix_WriterFlushedThroughBaseStream_SyncsTheDirectoryAfterTheCreation() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("using var writer = {|#0:new StreamWriter(target)|};\n        writer.Write(\"x\");\n        writer.Flush();\n        ((FileStream)writer.BaseStream).Flush(true);"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "target") },
            Code("using var writer = new StreamWriter(target);\n        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);\n        writer.Write(\"x\");\n        writer.Flush();\n        ((FileStream)writer.BaseStream).Flush(true);", "using DurableWrites;"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task Fix_SyncDirectory_AfterStatement() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("info.MoveTo(Path.Combine(backup, \"x\"));\n        {|#0:info.MoveTo(target)|};"),
            new[]
            {
                VerifyCS.Diagnostic().WithSpan(7, 9, 7, 47).WithArguments("Moving to", "Path.Combine(backup, \"x\")"),
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target"),
            },
            Code("info.MoveTo(Path.Combine(backup, \"x\"));\n        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(Path.Combine(backup, \"x\")))!);\n        info.MoveTo(target);\n        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);", "using DurableWrites;"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task Fix_SyncDirectory_TypeNamedLikeAMember_IsQualified() =>
        // A property named Path hides System.IO.Path in expressions, in instance and static methods alike.
        VerifyCS.VerifyCodeFixAsync("""
            using System.IO;

            class Settings
            {
                public string Path { get; } = "settings.json";

                public void Save(string temp)
                {
                    {|#0:File.Move(temp, Path, true)|};
                }

                public static void Export(string temp, string target)
                {
                    {|#1:Directory.Move(temp, target)|};
                }
            }
            """,
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "Path"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("Moving the directory to", "target"),
            },
            """
            using System.IO;
            using DurableWrites;

            class Settings
            {
                public string Path { get; } = "settings.json";

                public void Save(string temp)
                {
                    File.Move(temp, Path, true);
                    DurableDirectory.Sync(global::System.IO.Path.GetDirectoryName(global::System.IO.Path.GetFullPath(Path))!);
                }

                public static void Export(string temp, string target)
                {
                    Directory.Move(temp, target);
                    DurableDirectory.Sync(global::System.IO.Path.GetDirectoryName(global::System.IO.Path.GetFullPath(target))!);
                }
            }
            """,
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task Fix_SyncDirectory_EmbeddedStatementBecomesBlock() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("if (data.Length > 0)\n            {|#0:File.Move(source, target)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target") },
            Code("if (data.Length > 0)\n        {\n            File.Move(source, target);\n            DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);\n        }", "using DurableWrites;"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task Fix_SyncDirectory_EmbeddedStatementOnItsOwnersLine_BlockOpensTheNextLine() =>
        VerifyCS.VerifyCodeFixAsync(
            Code("if (data.Length > 0) {|#0:File.Move(source, target)|};"),
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Moving to", "target") },
            Code("if (data.Length > 0)\n        {\n            File.Move(source, target);\n            DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);\n        }", "using DurableWrites;"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task Fix_SyncDirectory_OneLineBodiesStayOnOneLine() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;

            class Markers
            {
                void Touch(string path) { {|#0:File.Create(path)|}.Dispose(); }

                void TouchOnce(string path) { if (!File.Exists(path)) {|#1:File.Create(path)|}.Dispose(); else File.SetLastWriteTimeUtc(path, System.DateTime.UtcNow); }
            }
            """,
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "path"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("Creating", "path"),
            },
            """
            using System.IO;
            using DurableWrites;

            class Markers
            {
                void Touch(string path) { File.Create(path).Dispose(); DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!); }

                void TouchOnce(string path) { if (!File.Exists(path)) { File.Create(path).Dispose(); DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!); } else File.SetLastWriteTimeUtc(path, System.DateTime.UtcNow); }
            }
            """,
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Fact]
    public Task Fix_SyncDirectory_UsingWhoseBodyReturns_SyncsAtTheStartOfTheBody() =>
        // After the using nothing runs: its body returns (or throws) on every path. The file exists once the body starts.
        VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;

            class Lock
            {
                bool Acquire(string path)
                {
                    using ({|#0:File.Create(path)|})
                    {
                        return true;
                    }
                }

                bool AcquireShort(string path) { using ({|#1:File.Create(path)|}) return true; }

                void Fail(string path) { using ({|#2:File.Create(path)|}) { throw new IOException(path); } }
            }
            """,
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "path"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("Creating", "path"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("Creating", "path"),
            },
            """
            using System.IO;
            using DurableWrites;

            class Lock
            {
                bool Acquire(string path)
                {
                    using (File.Create(path))
                    {
                        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
                        return true;
                    }
                }

                bool AcquireShort(string path) { using (File.Create(path)) { DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!); return true; } }

                void Fail(string path) { using (File.Create(path)) { DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!); throw new IOException(path); } }
            }
            """,
            Dur002DirectoryEntryFixer.SyncDirectoryKey);

    [Theory]
    [InlineData("{|#0:File.Create(target)|};", "")]
    [InlineData("var writer = {|#0:new StreamWriter(target)|};", "\n        writer.Write(\"x\");\n        writer.Flush();\n        ((FileStream)writer.BaseStream).Flush(true);")]
    public async Task Fix_NeverClosed_OnlyTheDirectorySyncIsOffered(string creation, string rest)
    {
        // DurableFile's stream or writer flushes the directory when it is closed, which this one never is (the
        // writer's data is flushed to disk by hand).
        string source = Code(creation + rest);
        var expected = new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Creating", "target") };
        await VerifyCS.VerifyCodeFixAsync(source, expected, source, Dur002DirectoryEntryFixer.UseRuntimeKey);
        await VerifyCS.VerifyCodeFixAsync(source, expected,
            Code(creation.Replace("{|#0:", string.Empty).Replace("|}", string.Empty)
                + "\n        DurableDirectory.Sync(Path.GetDirectoryName(Path.GetFullPath(target))!);" + rest, "using DurableWrites;"),
            Dur002DirectoryEntryFixer.SyncDirectoryKey);
    }
}
