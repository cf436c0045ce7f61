using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using DurableWrites.CrashTests.Harness;
using DurableWrites.CrashTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DurableWrites.CrashTests;

/// <summary>
/// EIO: the filesystem dies while a durable write is writing or flushing. The call must fail (never report success),
/// name the path and the step, and never call fsync a second time on the same file: after a failed fsync the kernel may
/// have dropped the dirty pages, so a retry can "succeed" for data that is gone.
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class IOErrorTests
{
    private const int FileSize = 96 << 20;
    private readonly ITestOutputHelper _output;

    public IOErrorTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> FileSystems => new() { "ext4", "xfs", "btrfs" };

    public enum Moment
    {
        /// <summary>While the data goes into the temporary file.</summary>
        Writing,

        /// <summary>While a thread of the child is inside fsync (what the kernel then answers is its own business).</summary>
        InFsync,

        /// <summary>While fsync is held at its entry by strace: it reaches the kernel after the cut, which must fail it.</summary>
        AtFsyncEntry,
    }

    [SkippableTheory]
    [MemberData(nameof(FileSystems))]
    public void A_power_cut_during_a_durable_write_fails_the_call_and_fsync_is_not_retried(string fileSystemName)
    {
        FileSystemConfig config = FileSystemConfig.All.Single(c => c.Name == fileSystemName);
        SystemRequirements.RequireTool("strace");
        int? fsyncNumber = ProcessProbe.Fsync;
        SystemRequirements.Require(fsyncNumber != null, $"the fsync system call number of {RuntimeInformation.ProcessArchitecture} is not known to this test.");

        var rounds = new List<Round>();
        LoopFileSystem.Use(config, fileSystem =>
        {
            foreach (Moment moment in new[] { Moment.Writing, Moment.InFsync, Moment.AtFsyncEntry, Moment.Writing, Moment.InFsync, Moment.AtFsyncEntry })
            {
                rounds.Add(CutDuringWrite(fileSystem, $"round{rounds.Count}", moment, fsyncNumber!.Value));
            }
        });

        _output.WriteLine($"{config.Name}: " + string.Join("; ", rounds.Select(r =>
            $"cut {r.Moment} → failed while {FailureAssert.StepText[r.Step]} (fsync of the temporary file: {r.TemporaryFsyncResult ?? "not called"})")));

        DurabilityReport.Shared.Note($"EIO on {config.Name} (power cut during a 96 MiB DurableFile.WriteAllBytes, under strace): "
            + string.Join("; ", rounds.GroupBy(r => r.Moment).Select(g => $"cut {Describe(g.Key)} → failed while "
                + string.Join(" / ", g.Select(r => FailureAssert.StepText[r.Step]).Distinct())
                + $" (fsync of the temporary file: {string.Join(" / ", g.Select(r => r.TemporaryFsyncResult is { } result ? "returned " + Errno(result) : "not called").Distinct())})"))
            + "; never reported success, at most one fsync per file, no rename after a failed fsync; the target after a remount: "
            + string.Join(", ", rounds.GroupBy(r => r.TargetAfterRemount).Select(g => $"{g.Key} × {g.Count()}")) + ".");
        DurabilityReport.Shared.WriteFile();

        // fsync that enters the kernel after the cut fails on every filesystem: the call must stop right there.
        Assert.All(rounds.Where(r => r.Moment == Moment.AtFsyncEntry), r => Assert.Equal(DurableWriteStep.FlushFile, r.Step));
    }

    private sealed record Round(Moment Moment, DurableWriteStep Step, string? TemporaryFsyncResult, string TargetAfterRemount);

    private static string Describe(Moment moment) => moment switch
    {
        Moment.Writing => "while writing",
        Moment.InFsync => "inside fsync",
        _ => "with fsync held at its entry",
    };

    /// <summary>"-1 EIO (Input/output error) (DELAYED)" → "EIO"; "0" → "0".</summary>
    private static string Errno(string result) =>
        result.StartsWith("-1 ", StringComparison.Ordinal) ? result.Split(' ')[1] : result.Split(' ')[0].TrimEnd(',');

    private Round CutDuringWrite(LoopFileSystem fileSystem, string name, Moment moment, int fsyncNumber)
    {
        string directory = Path.Combine(fileSystem.Root, name);
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, "data.bin");
        byte[] old = Content.Bytes("old-" + name, 1 << 20, new Random(1));
        File.WriteAllBytes(target, old);
        fileSystem.SyncAll();

        string trace = Path.Combine(fileSystem.Scratch, name + ".strace");
        string script = Path.Combine(fileSystem.Scratch, name + ".script");
        File.WriteAllText(script, $"durable-write-fill\t{target}\t{FileSize}\tn\n");
        var strace = new List<string> { "strace", "-f", "-qq", "-y", "-o", trace,
            "-e", "trace=fsync,fdatasync,syncfs,sync,sync_file_range,rename,renameat,renameat2,link,linkat" };
        if (moment == Moment.AtFsyncEntry)
        {
            strace.AddRange(new[] { "-e", "inject=fsync:delay_enter=2s" });
        }

        ProcessStartInfo start = WorkloadCommand.Create(new[] { "stream", script }, strace.ToArray());
        var begun = new ManualResetEventSlim();
        string[] lines;
        string errors;
        using (ChildProcess child = ChildProcess.Start(start, line =>
               {
                   if (line == "BEGIN 1")
                   {
                       begun.Set();
                   }
               }))
        {
            Assert.True(begun.Wait(TimeSpan.FromSeconds(60)), "The workload never began its operation: " + child.StandardError);
            var clock = Stopwatch.StartNew();
            Func<bool> ready = moment == Moment.Writing
                ? () => Directory.EnumerateFiles(directory, ".data.bin.*.tmp").Any(f => new FileInfo(f).Length > 0)
                : () => ProcessProbe.InSystemCall(child.Id, fsyncNumber);
            while (!ready())
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !child.HasExited,
                    $"The durable write was never seen at {moment}; output: {string.Join(" | ", child.Lines)}; errors: {child.StandardError}");
                Thread.Sleep(moment == Moment.Writing ? 0 : 1);
            }

            fileSystem.CutPower();

            // The child must end by itself, with the failure: a call that hangs or reports success is a bug.
            child.WaitForExit(TimeSpan.FromSeconds(60));
            lines = child.Lines.ToArray();
            errors = child.StandardError;
            Assert.True(child.ExitCode == 1, $"The workload exited with {child.ExitCode} after the cut at {moment}: {string.Join(" | ", lines)}; {errors}");
        }

        Assert.DoesNotContain("ACK 1", lines);
        string failure = lines.SingleOrDefault(l => l.StartsWith("FAIL 1 ", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No failure was reported for the cut at {moment}: {string.Join(" | ", lines)}; {errors}");
        Assert.Contains("DurableWrites.DurableWriteException", failure, StringComparison.Ordinal);
        DurableWriteStep step = FailureAssert.NamesPathAndStep(new IOException(failure), target, $"cut at {moment}",
            DurableWriteStep.CreateTemporaryFile, DurableWriteStep.Write, DurableWriteStep.FlushFile, DurableWriteStep.Rename, DurableWriteStep.SyncDirectory);

        IReadOnlyList<SystemCall> calls = SystemCall.Parse(File.ReadAllLines(trace));
        string callList = string.Join("; ", calls);

        // One fsync per file at most: a flush that failed is never tried again.
        foreach (IGrouping<string, SystemCall> file in calls.Where(c => c.Name is "fsync" or "fdatasync").GroupBy(c => c.Path))
        {
            Assert.True(file.Count() == 1, $"'{file.Key}' was flushed {file.Count()} times: {callList}");
        }

        // A failed fsync of the temporary file ends the call: no rename may follow, the failure names the flush.
        SystemCall? temporaryFsync = calls.FirstOrDefault(c => c.Name == "fsync" && c.Path.Contains("/.data.bin.", StringComparison.Ordinal));
        if (temporaryFsync is { Failed: true })
        {
            Assert.Equal(DurableWriteStep.FlushFile, step);
            Assert.DoesNotContain(calls, c => c.Name.StartsWith("rename", StringComparison.Ordinal));
        }

        fileSystem.Remount();
        byte[]? after = File.Exists(target) ? File.ReadAllBytes(target) : null;
        byte[] expected = new byte[FileSize];
        Array.Fill(expected, (byte)'n');
        Assert.True(Content.Equal(after, old) || Content.Equal(after, expected),
            $"After the cut at {moment} the target is {Content.Describe(after, old, expected)}, neither old nor new.");
        _output.WriteLine($"cut at {moment}: {failure}");
        _output.WriteLine($"    target after remount: {Content.Describe(after, old, expected)}; system calls: {callList}");
        return new Round(moment, step, temporaryFsync?.Result, Content.Describe(after, old, expected));
    }

    /// <summary>A system call from strace -f -y output: name, the path of its first descriptor (or argument), result.</summary>
    private sealed record SystemCall(string Name, string Path, string Result)
    {
        public bool Failed => Result.StartsWith("-1", StringComparison.Ordinal);

        public override string ToString() => $"{Name}({System.IO.Path.GetFileName(Path)}) = {Result}";

        /// <summary>Joins "&lt;unfinished ...&gt;" lines with their "&lt;... resumed&gt;" line of the same thread.</summary>
        public static IReadOnlyList<SystemCall> Parse(IEnumerable<string> lines)
        {
            var calls = new List<SystemCall>();
            var pending = new Dictionary<string, (string Name, string Path)>();
            foreach (string line in lines)
            {
                Match call = Regex.Match(line, @"^(\d+)\s+(\w+)\((?:\d+<([^>]*)>|""([^""]*)"")?");
                Match resumed = Regex.Match(line, @"^(\d+)\s+<\.\.\. (\w+) resumed>.*\)\s+=\s+(.*)$");
                if (resumed.Success && pending.Remove(resumed.Groups[1].Value, out (string Name, string Path) started))
                {
                    calls.Add(new SystemCall(started.Name, started.Path, resumed.Groups[3].Value.Trim()));
                }
                else if (call.Success)
                {
                    string path = call.Groups[3].Success ? call.Groups[3].Value : call.Groups[4].Value;
                    Match result = Regex.Match(line, @"\)\s+=\s+(.*)$");
                    if (line.Contains("<unfinished ...>", StringComparison.Ordinal))
                    {
                        pending[call.Groups[1].Value] = (call.Groups[2].Value, path);
                    }
                    else if (result.Success)
                    {
                        calls.Add(new SystemCall(call.Groups[2].Value, path, result.Groups[1].Value.Trim()));
                    }
                }
            }

            calls.AddRange(pending.Values.Select(p => new SystemCall(p.Name, p.Path, "(never returned)")));
            return calls;
        }
    }
}
