using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DurableWrites.CrashTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DurableWrites.CrashTests;

/// <summary>
/// Writes the system refuses: a read-only filesystem (EROFS) and missing permissions (EACCES, EPERM). Each call must
/// fail with an exception that names the path and, where a step of the durable sequence failed, the step; and change nothing.
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class RefusedWriteTests
{
    private const int Nobody = 65534;
    private readonly ITestOutputHelper _output;

    public RefusedWriteTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void Every_durable_call_on_a_read_only_filesystem_fails_clearly_and_changes_nothing()
    {
        LoopFileSystem.Use(FileSystemConfig.Ext4.WithSize(16), fileSystem =>
        {
            string directory = Path.Combine(fileSystem.Root, "data");
            Directory.CreateDirectory(directory);
            string target = Path.Combine(directory, "settings.json");
            string log = Path.Combine(directory, "journal.log");
            string source = Path.Combine(directory, "incoming.json");
            File.WriteAllText(target, "old settings");
            File.WriteAllText(log, "old line\n");
            File.WriteAllText(source, "incoming");
            string fresh = Path.Combine(directory, "new.json");
            string backup = Path.Combine(directory, "settings.bak");
            string newDirectory = Path.Combine(directory, "cache", "images");
            fileSystem.SyncAll();
            fileSystem.RemountReadOnly();
            DirectorySnapshot before = DirectorySnapshot.Take(directory);

            var calls = new (string What, string Path, Action Call, DurableWriteStep[] Steps)[]
            {
                ("WriteAllText", target, () => DurableFile.WriteAllText(target, "new"), new[] { DurableWriteStep.CreateTemporaryFile }),
                ("WriteAllText of a new file", fresh, () => DurableFile.WriteAllText(fresh, "new"), new[] { DurableWriteStep.CreateTemporaryFile }),
                ("AppendAllText", log, () => DurableFile.AppendAllText(log, "more\n"), new[] { DurableWriteStep.CreateTemporaryFile }),
                ("Copy", fresh, () => DurableFile.Copy(source, fresh), new[] { DurableWriteStep.CreateTemporaryFile }),
                ("Move", source, () => DurableFile.Move(source, fresh), new[] { DurableWriteStep.Rename }),
                ("Move over an existing file", source, () => DurableFile.Move(source, target, overwrite: true), new[] { DurableWriteStep.Rename }),
                // Replace first copies the old content to the backup: that is the step that fails.
                ("Replace", backup, () => DurableFile.Replace(source, target, backup), new[] { DurableWriteStep.CreateTemporaryFile }),
                ("Delete", target, () => DurableFile.Delete(target), new[] { DurableWriteStep.Delete }),
                ("CreateDirectory", newDirectory, () => DurableDirectory.CreateDirectory(newDirectory), new[] { DurableWriteStep.CreateDirectory }),
            };

            foreach ((string what, string path, Action call, DurableWriteStep[] steps) in calls)
            {
                IOException failure = FailureAssert.Throws<IOException>(call, what + " on a read-only filesystem");
                FailureAssert.NamesPathAndStep(failure, path, what + " on a read-only filesystem", steps);
                FailureAssert.GivesReason(failure, "Read-only file system", what);
                FailureAssert.Unchanged(before, directory, what + " on a read-only filesystem");
                _output.WriteLine($"{what}: {failure.GetType().Name}: {failure.Message}");
            }

            // DurableFile.Create is FileStream's twin: it fails as new FileStream(...) does, naming the path and the reason.
            IOException create = FailureAssert.Throws<IOException>(() => DurableFile.Create(fresh).Dispose(), "Create on a read-only filesystem");
            FailureAssert.NamesPath(create, fresh, "Create on a read-only filesystem");
            FailureAssert.GivesReason(create, "Read-only file system", "Create");
            _output.WriteLine($"Create: {create.GetType().Name}: {create.Message}");

            fileSystem.RemountReadWrite();
            FailureAssert.Unchanged(before, directory, "the refused calls (after remounting read-write)");
            Harness.DurabilityReport.Shared.Note($"EROFS (ext4 remounted read-only): {calls.Length + 1} calls ({string.Join(", ", calls.Select(c => c.What))}, Create) failed naming the path, the reason and the step; nothing changed.");
            Harness.DurabilityReport.Shared.WriteFile();
        });
    }

    [SkippableFact]
    public void Without_permission_a_durable_write_fails_clearly_and_changes_nothing()
    {
        SystemRequirements.RequireLinuxRoot();
        SystemRequirements.RequireTool("setpriv");
        LoopFileSystem.Use(FileSystemConfig.Ext4.WithSize(16), fileSystem =>
        {
            // A directory only root may write; a sticky directory anyone may write, holding root's file (like /tmp).
            string locked = Path.Combine(fileSystem.Root, "locked");
            string sticky = Path.Combine(fileSystem.Root, "shared");
            Directory.CreateDirectory(locked);
            Directory.CreateDirectory(sticky);
            File.SetUnixFileMode(locked, (UnixFileMode)Convert.ToInt32("755", 8));
            File.SetUnixFileMode(sticky, (UnixFileMode)Convert.ToInt32("1777", 8));
            string lockedTarget = Path.Combine(locked, "settings.json");
            string stickyTarget = Path.Combine(sticky, "settings.json");
            File.WriteAllText(lockedTarget, "root's settings");
            File.WriteAllText(stickyTarget, "root's settings");
            fileSystem.SyncAll();
            string workload = CopyWorkloadForEveryone(fileSystem.Scratch);

            var cases = new (string What, string Directory, string Path, string[] Arguments, DurableWriteStep Step)[]
            {
                ("WriteAllText in a directory it may not write", locked, lockedTarget,
                    new[] { "durable-write-text", lockedTarget, "nobody's" }, DurableWriteStep.CreateTemporaryFile),
                ("WriteAllText over another user's file in a sticky directory", sticky, stickyTarget,
                    new[] { "durable-write-text", stickyTarget, "nobody's" }, DurableWriteStep.Rename),
                ("AppendAllText to a file it may not write", locked, lockedTarget,
                    new[] { "durable-append-text", lockedTarget, "nobody's" }, DurableWriteStep.CreateTemporaryFile),
                ("Delete in a directory it may not write", locked, lockedTarget,
                    new[] { "durable-delete", lockedTarget }, DurableWriteStep.Delete),
            };

            foreach ((string what, string directory, string path, string[] arguments, DurableWriteStep step) in cases)
            {
                DirectorySnapshot before = DirectorySnapshot.Take(directory);
                var start = new ProcessStartInfo("setpriv") { WorkingDirectory = "/" };
                foreach (string argument in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", WorkloadCommand.DotNet, workload }.Concat(arguments))
                {
                    start.ArgumentList.Add(argument);
                }

                start.Environment["DOTNET_EnableDiagnostics"] = "0";
                start.Environment["HOME"] = fileSystem.Scratch;
                (int exitCode, IReadOnlyList<string> lines, string error) = ChildProcess.RunToEnd(start, TimeSpan.FromSeconds(60));
                Assert.True(exitCode == 1, $"{what}: the workload exited with {exitCode}: {string.Join(" | ", lines)} {error}");
                Assert.DoesNotContain("ACK", lines);
                Assert.StartsWith("System.UnauthorizedAccessException: ", error, StringComparison.Ordinal);
                FailureAssert.NamesPathAndStep(new IOException(error), path, what, step);
                FailureAssert.Unchanged(before, directory, what);
                _output.WriteLine($"{what}: {error}");
            }

            Harness.DurabilityReport.Shared.Note($"EACCES/EPERM (workload run as uid {Nobody}): {string.Join("; ", cases.Select(c => $"{c.What} → UnauthorizedAccessException while {(c.Arguments[0].StartsWith("durable-append", StringComparison.Ordinal) ? FailureAssert.OpeningText : FailureAssert.StepText[c.Step])}"))}; nothing changed.");
            Harness.DurabilityReport.Shared.WriteFile();
        });
    }

    /// <summary>The workload's files, copied where the unprivileged user can read them whatever the checkout's permissions.</summary>
    private static string CopyWorkloadForEveryone(string scratch)
    {
        string directory = Path.Combine(scratch, "workload");
        Directory.CreateDirectory(directory);
        foreach (string file in new[] { "DurableWrites.Workload.dll", "DurableWrites.Workload.runtimeconfig.json", "DurableWrites.Workload.deps.json", "DurableWrites.dll" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, file), Path.Combine(directory, file));
        }

        // Up to the test's own work directory under /tmp, and no further.
        string top = Path.GetDirectoryName(scratch)!;
        for (string? current = directory; current != null && current.StartsWith(top, StringComparison.Ordinal); current = Path.GetDirectoryName(current))
        {
            File.SetUnixFileMode(current, File.GetUnixFileMode(current) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return Path.Combine(directory, "DurableWrites.Workload.dll");
    }
}
