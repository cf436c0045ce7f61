using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using DurableWrites.CrashTests.Harness;
using DurableWrites.CrashTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DurableWrites.CrashTests;

/// <summary>
/// A process killed with SIGKILL in the middle of replacing a large file (written 64 KiB at a time, as serializers
/// do), again and again: the file must always hold one complete version, never a partial one. The naive code, a
/// FileStream over the file, killed the same way, must be seen partial (or the kills would not land mid-write).
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class ProcessKillTests
{
    private const int Kills = 20;
    private const int FileSize = 32 << 20;
    private readonly ITestOutputHelper _output;

    public ProcessKillTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void A_process_killed_mid_replace_leaves_the_old_or_the_new_file_never_a_partial_one()
    {
        SystemRequirements.RequireLinux();
        // tmpfs when there is one: the kill, not the disk, is under test, and it keeps the machine's disk out of it.
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        string directory = Path.Combine(root, "durable-kill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var durable = Run(directory, Mode.Durable);
            var naive = Run(directory, Mode.Naive);
            string summary = $"kill -9 mid-replace of a {FileSize >> 20} MiB file, {Kills} times each: durable {Describe(durable.States)} "
                + $"({durable.TemporaryFilesLeft} temporary files left by killed processes); naive {Describe(naive.States)}.";
            _output.WriteLine(summary);
            DurabilityReport.Shared.Note(summary);
            DurabilityReport.Shared.WriteFile();

            string[] complete = { "old", "version a", "version b" };
            Assert.True(durable.States.Keys.All(complete.Contains), "A durable replace killed midway left the file " + Describe(durable.States));
            Assert.True(durable.States.Keys.Count(s => s != "old") > 0, "No durable replace completed before a kill: nothing was checked.");
            Assert.True(naive.States.Keys.Any(s => !complete.Contains(s)),
                $"The naive FileStream write was never caught midway in {Kills} kills ({Describe(naive.States)}): the kills do not land mid-write.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (Dictionary<string, int> States, int TemporaryFilesLeft) Run(string directory, Mode mode)
    {
        var random = new Random(mode == Mode.Durable ? 1 : 2);
        var states = new Dictionary<string, int>();
        int temporaryFilesLeft = 0;
        string target = Path.Combine(directory, mode + ".bin");
        string script = Path.Combine(directory, mode + ".script");
        string operation = mode == Mode.Durable ? "durable-write-chunks" : "naive-write-chunks";
        File.WriteAllLines(script, Enumerable.Range(0, 400).Select(i => $"{operation}\t{target}\t{FileSize}\t{(i % 2 == 0 ? 'a' : 'b')}"));
        for (int kill = 0; kill < Kills; kill++)
        {
            File.WriteAllBytes(target, Fill('o'));
            var begun = new ManualResetEventSlim();
            using (ChildProcess child = ChildProcess.Start(WorkloadCommand.Create(new[] { "stream", script }), line =>
                   {
                       if (line == "BEGIN 1")
                       {
                           begun.Set();
                       }
                   }))
            {
                Assert.True(begun.Wait(TimeSpan.FromSeconds(60)), "The workload never began: " + child.StandardError);

                Thread.Sleep(random.Next(5, 300));
                Assert.False(child.HasExited, "The workload ran out of operations before the kill.");
                child.Kill();
            }

            string state = StateOf(File.Exists(target) ? File.ReadAllBytes(target) : null);
            states[state] = states.GetValueOrDefault(state) + 1;
            foreach (string temporary in FailureAssert.TemporaryFiles(directory))
            {
                temporaryFilesLeft++;
                File.Delete(temporary);
            }
        }

        return (states, temporaryFilesLeft);
    }

    private static string StateOf(byte[]? content)
    {
        if (content == null)
        {
            return "missing";
        }

        foreach ((char fill, string name) in new[] { ('o', "old"), ('a', "version a"), ('b', "version b") })
        {
            if (content.Length == FileSize && Array.TrueForAll(content, b => b == fill))
            {
                return name;
            }
        }

        return content.Length == 0 ? "empty" : "partial";
    }

    private static string Describe(Dictionary<string, int> states) =>
        string.Join(", ", states.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} × {s.Value}"));

    private static byte[] Fill(char fill)
    {
        byte[] bytes = new byte[FileSize];
        Array.Fill(bytes, (byte)fill);
        return bytes;
    }
}
