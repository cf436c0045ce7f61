using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur003GlobalSyncAnalyzer,
    DurableWrites.CodeFixes.Dur003GlobalSyncFixer>;

namespace DurableWrites.Analyzers.Tests;

public class Dur003GlobalSyncTests
{
    private const string NoFiles = ": no file written before it in this method is known, so there is no automatic fix; call DurableFile.Sync(path) for each file that must survive a crash";

    [Fact]
    public async Task ProcessStartSync_AfterWrites_IsReplacedByTargetedSyncs()
    {
        const string source = """
            using System.Diagnostics;
            using System.IO;

            class Exporter
            {
                void Export(string dir, string report)
                {
                    var path = Path.Combine(dir, "report.txt");
                    File.WriteAllText(path, report);
                    File.Copy(path, dir + "/latest.txt", true);
                    {|#0:Process.Start("sync")|}!.WaitForExit();
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;
            using System.IO;
            using DurableWrites;

            class Exporter
            {
                void Export(string dir, string report)
                {
                    var path = Path.Combine(dir, "report.txt");
                    File.WriteAllText(path, report);
                    File.Copy(path, dir + "/latest.txt", true);
                    DurableFile.Sync(path);
                    DurableFile.Sync(dir + "/latest.txt");
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sync\")", "; flush only what this method wrote with DurableFile.Sync for 'path', 'dir + \"/latest.txt\"'") },
            fixedSource);
    }

    [Fact]
    public async Task AFileRenamedOrDeletedBeforeTheSync_IsNotSyncedUnderItsOldName()
    {
        const string source = """
            using System.Diagnostics;
            using System.IO;

            class Settings
            {
                void Save(string path, string json, string scratch)
                {
                    var temp = path + ".tmp";
                    File.WriteAllText(temp, json);
                    File.Move(temp, path, true);
                    File.WriteAllText(scratch, json);
                    File.Delete(scratch);
                    {|#0:Process.Start("sync")|}!.WaitForExit();
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;
            using System.IO;
            using DurableWrites;

            class Settings
            {
                void Save(string path, string json, string scratch)
                {
                    var temp = path + ".tmp";
                    File.WriteAllText(temp, json);
                    File.Move(temp, path, true);
                    File.WriteAllText(scratch, json);
                    File.Delete(scratch);
                    DurableFile.Sync(path);
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sync\")", "; flush only what this method wrote with DurableFile.Sync for 'path'") },
            fixedSource);
    }

    [Fact]
    public async Task DllImportUnderAnyName_ByEntryPoint()
    {
        const string source = """
            using System.IO;
            using System.Runtime.InteropServices;

            static class Native
            {
                [DllImport("libc", EntryPoint = "sync")]
                public static extern void FlushEverything();

                [DllImport("libc.so.6")]
                public static extern int syncfs(int fd);
            }

            class C
            {
                void M(string path, byte[] data)
                {
                    File.WriteAllBytes(path, data);
                    {|#0:Native.FlushEverything()|};
                    var rc = {|#1:Native.syncfs(3)|};
                }
            }
            """;
        const string fixedSource = """
            using System.IO;
            using System.Runtime.InteropServices;
            using DurableWrites;

            static class Native
            {
                [DllImport("libc", EntryPoint = "sync")]
                public static extern void FlushEverything();

                [DllImport("libc.so.6")]
                public static extern int syncfs(int fd);
            }

            class C
            {
                void M(string path, byte[] data)
                {
                    File.WriteAllBytes(path, data);
                    DurableFile.Sync(path);
                    var rc = {|#1:Native.syncfs(3)|};
                }
            }
            """;
        var resultUsed = VerifyCS.Diagnostic().WithLocation(1).WithArguments("Native.syncfs", ": its result is used, so there is no automatic fix; call DurableFile.Sync for 'path' instead");
        var test = new VerifyCS.Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.Add(VerifyCS.Diagnostic().WithLocation(0).WithArguments("Native.FlushEverything", "; flush only what this method wrote with DurableFile.Sync for 'path'"));
        test.ExpectedDiagnostics.Add(resultUsed);
        test.FixedState.ExpectedDiagnostics.Add(resultUsed);
        await test.RunAsync();
    }

    [Fact]
    public Task LibraryImport_And_NoKnownFiles() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Runtime.InteropServices;

        static partial class Native
        {
            [LibraryImport("libc", EntryPoint = "sync")]
            public static partial void Sync();

            [DllImport("libcrypto")]
            public static extern void sync();

            [DllImport("libc")]
            public static extern int fsync(int fd);
        }

        static partial class Native
        {
            public static partial void Sync() { }
        }

        class C
        {
            void M()
            {
                {|#0:Native.Sync()|};
                Native.sync();
                Native.fsync(1);
            }
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Native.Sync", NoFiles));

    [Fact]
    public Task ImportsUnderOtherNames_InOtherFilesOrLocal_AreFound() => new VerifyCS.Test
    {
        TestState =
        {
            Sources =
            {
                """
                using System.Runtime.InteropServices;

                namespace Interop;

                internal static partial class Libc
                {
                    [DllImport("libc", EntryPoint = "sync")]
                    internal static extern void FlushAllFileSystems();

                    [LibraryImport("libc", EntryPoint = "syncfs")]
                    internal static partial int FlushFileSystem(int fd);
                }

                // What the LibraryImport generator would write.
                internal static partial class Libc
                {
                    internal static partial int FlushFileSystem(int fd) => 0;
                }
                """,
                """
                global using Sys = Interop.Libc;
                """,
                """
                using System.Runtime.InteropServices;

                class C
                {
                    void Direct() => {|#0:Sys.FlushAllFileSystems()|};

                    void Partial(int fd) => {|#1:Interop.Libc.FlushFileSystem(fd)|};

                    void Local()
                    {
                        {|#2:FlushAll()|};

                        [DllImport("libc", EntryPoint = "sync")]
                        static extern void FlushAll();
                    }
                }
                """,
            },
            ExpectedDiagnostics =
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("Libc.FlushAllFileSystems", NoFiles),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("Libc.FlushFileSystem", NoFiles),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("C.FlushAll", NoFiles),
            },
        },
    }.RunAsync();

    [Fact]
    public Task ProcessStartInfoForms() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class C
        {
            void M()
            {
                {|#0:Process.Start("/bin/sync")|};
                var psi = {|#1:new ProcessStartInfo("sync")|};
                var other = new ProcessStartInfo("ls");
                {|#2:other.FileName = "/usr/bin/sync"|};
                var init = {|#3:new ProcessStartInfo { FileName = "sync", UseShellExecute = false }|};
                Process.Start("echo", "sync");
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"/bin/sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("ProcessStartInfo(\"sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("ProcessStartInfo.FileName = \"sync\"", NoFiles),
        VerifyCS.Diagnostic().WithLocation(3).WithArguments("ProcessStartInfo(\"sync\")", NoFiles));

    [Fact]
    public Task SyncOfNamedFiles_IsATargetedFlush_ButSyncOfTheirFileSystemsIsNot() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Diagnostics;

        class C
        {
            void M(string path, string other)
            {
                // coreutils' sync FILE… fsyncs just those files.
                Process.Start("sync", path)!.WaitForExit();
                Process.Start("sync", "/var/lib/app/state.json");
                Process.Start("sync", $"-d {path} {other}");
                Process.Start("sync", new[] { path, other });
                new ProcessStartInfo("sync", new List<string> { "--data", path });
                // -f/--file-system flushes each file's whole file system (syncfs), and no file is the whole machine.
                {|#0:Process.Start("sync", "-f /var/lib/app")|};
                {|#1:Process.Start("sync", $"--file-system {path}")|};
                {|#2:new ProcessStartInfo("sync", new[] { "-f", path })|};
                {|#3:Process.Start("sync", "")|};
                {|#4:Process.Start("sync", "-d")|};
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("Process.Start(\"sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("ProcessStartInfo(\"sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(3).WithArguments("Process.Start(\"sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(4).WithArguments("Process.Start(\"sync\")", NoFiles));

    [Fact]
    public async Task SyncBeforeDroppingCaches_IsNotReported()
    {
        const string source = """
            using System.Diagnostics;
            using System.IO;

            class MemoryCleaner
            {
                void DropCaches()
                {
                    Process.Start(new ProcessStartInfo { FileName = "sync", UseShellExecute = false })!.WaitForExit();
                    File.WriteAllText("/proc/sys/vm/drop_caches", "3");
                }

                void DropCachesThroughAShell() => Process.Start("sh", "-c \"sync; echo 3 > /proc/sys/vm/drop_caches\"");

                void Flush(string report)
                {
                    File.WriteAllText("/proc/sys/vm/compact_memory", "1");
                    {|#0:Process.Start("sync")|};
                }
            }
            """;
        await VerifyCS.VerifyAnalyzerAsync(source, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sync\")", NoFiles));
    }

    [Fact]
    public Task SyncThroughAShellOrSudo() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Diagnostics;

        class C
        {
            void M()
            {
                {|#0:Process.Start("sh", "-c sync")|};
                {|#1:Process.Start("/bin/bash", "-c \"sync\"")|};
                {|#2:Process.Start("sudo", "sync")|};
                {|#3:Process.Start("/usr/bin/sudo", "/bin/sh -ec 'sync; sync'")|};
                var psi = {|#4:new ProcessStartInfo("bash", "-lc 'sync'")|};
                var init = {|#5:new ProcessStartInfo { FileName = "/bin/sh", Arguments = "-c sync", UseShellExecute = false }|};
                Process.Start("sh", "-c ls");
                Process.Start("bash", "sync.sh");
                Process.Start("sh", "-c 'echo sync'");
                Process.Start("sudo", "rsync -a a b");
                Process.Start("sh", "-c 'sync -f /data'");
                var other = new ProcessStartInfo { FileName = "bash", Arguments = "-c make" };
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sh\", \"-c sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("Process.Start(\"/bin/bash\", \"-c \"sync\"\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(2).WithArguments("Process.Start(\"sudo\", \"sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(3).WithArguments("Process.Start(\"/usr/bin/sudo\", \"/bin/sh -ec 'sync; sync'\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(4).WithArguments("ProcessStartInfo(\"sync\")", NoFiles),
        VerifyCS.Diagnostic().WithLocation(5).WithArguments("ProcessStartInfo(\"sync\")", NoFiles));

    [Fact]
    public async Task ShellSync_AfterWrites_IsReplacedByTargetedSyncs()
    {
        const string source = """
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void M(string path)
                {
                    File.WriteAllText(path, "x");
                    {|#0:Process.Start("/bin/sh", "-c sync")|}?.WaitForExit();
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;
            using System.IO;
            using DurableWrites;

            class C
            {
                void M(string path)
                {
                    File.WriteAllText(path, "x");
                    DurableFile.Sync(path);
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"/bin/sh\", \"-c sync\")", "; flush only what this method wrote with DurableFile.Sync for 'path'") },
            fixedSource);
    }

    [Fact]
    public async Task ShellRunningOtherCommandsToo_HasNoFix()
    {
        const string source = """
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void M(string path)
                {
                    File.WriteAllText(path, "x");
                    {|#0:Process.Start("bash", "-c \"cp a b && sync\"")|}?.WaitForExit();
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"bash\", \"-c \"cp a b && sync\"\")", ": the shell runs other commands too, so there is no automatic fix; call DurableFile.Sync for 'path' instead") },
            source);
    }

    [Fact]
    public Task MonoAndTmdsSync() => VerifyCS.VerifyAnalyzerAsync("""
        namespace Mono.Unix.Native { public static class Syscall { public static int sync() => 0; } }
        namespace Tmds.Linux { public static class LibC { public static int syncfs(int fd) => 0; } }

        class C
        {
            void M()
            {
                {|#0:Mono.Unix.Native.Syscall.sync()|};
                {|#1:Tmds.Linux.LibC.syncfs(0)|};
            }
        }
        """,
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Syscall.sync", NoFiles),
        VerifyCS.Diagnostic().WithLocation(1).WithArguments("LibC.syncfs", NoFiles));

    [Fact]
    public async Task IndirectProcessStart_HasNoFix()
    {
        const string source = """
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void M(string path)
                {
                    File.WriteAllText(path, "x");
                    var psi = {|#0:new ProcessStartInfo("sync")|};
                    Process.Start(psi);
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("ProcessStartInfo(\"sync\")", ": the process is started elsewhere, so there is no automatic fix; call DurableFile.Sync for 'path' instead") },
            source);
    }

    [Fact]
    public async Task PathOutOfScope_IsNotOffered()
    {
        const string source = """
            using System.Diagnostics;
            using System.IO;

            class C
            {
                void M(string dir)
                {
                    {
                        var inner = Path.Combine(dir, "a");
                        File.WriteAllText(inner, "x");
                    }
                    File.WriteAllText(Path.Combine(dir, "b"), "y");
                    {|#0:Process.Start("sync")|};
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;
            using System.IO;
            using DurableWrites;

            class C
            {
                void M(string dir)
                {
                    {
                        var inner = Path.Combine(dir, "a");
                        File.WriteAllText(inner, "x");
                    }
                    File.WriteAllText(Path.Combine(dir, "b"), "y");
                    DurableFile.Sync(Path.Combine(dir, "b"));
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sync\")", "; flush only what this method wrote with DurableFile.Sync for 'Path.Combine(dir, \"b\")'") },
            fixedSource);
    }
}

public class Dur003AfterDurableWritesTests
{
    [Fact]
    public async Task SyncAfterDurableWritesOnly_IsRemoved()
    {
        const string source = """
            using System.Diagnostics;
            using DurableWrites;

            class C
            {
                void M(string source, string target)
                {
                    DurableFile.Copy(source, target, true);
                    {|#0:Process.Start("sync")|}?.WaitForExit();
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;
            using DurableWrites;

            class C
            {
                void M(string source, string target)
                {
                    DurableFile.Copy(source, target, true);
                }
            }
            """;
        await VerifyCS.VerifyCodeFixAsync(source,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("Process.Start(\"sync\")", ": what this method wrote before it went through DurableWrites and is already on the disk, so it can be removed") },
            fixedSource);
    }
}
