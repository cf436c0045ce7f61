using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using DurableWrites.CrashTests.Harness;
using DurableWrites.CrashTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DurableWrites.CrashTests;

/// <summary>
/// Power cuts on real filesystems: the durable operations must lose nothing they acknowledged and damage nothing they
/// did not, while the naive System.IO code they replace must be seen losing data (otherwise the setup proves nothing).
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class PowerCutTests
{
    private readonly ITestOutputHelper _output;

    public PowerCutTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void Ext4_default_options() => Run(FileSystemConfig.Ext4);

    [SkippableFact]
    public void Ext4_data_writeback_without_rename_heuristic() => Run(FileSystemConfig.Ext4Writeback);

    [SkippableFact]
    public void Xfs() => Run(FileSystemConfig.Xfs);

    [SkippableFact]
    public void Btrfs() => Run(FileSystemConfig.Btrfs);

    private void Run(FileSystemConfig config)
    {
        CrashSettings settings = CrashSettings.FromEnvironment();
        DurabilityReport report = DurabilityReport.Shared;
        var clock = Stopwatch.StartNew();
        _output.WriteLine($"{config.Name}: seed {settings.Seed} (DURABLE_CRASH_SEED to repeat), {settings.AfterLastAckCuts * 2} after-last-ACK and {settings.MidStreamCuts} mid-stream crash points per mode");

        // Crash points: a name and, for each mode, the same workload and cut.
        var points = new List<(string Name, Func<Mode, (OperationWorkload, CutPolicy)> Make)>();
        for (int i = 0; i < settings.AfterLastAckCuts; i++)
        {
            int seed = settings.Seed + i;
            points.Add(($"ack{i}", mode => Scenarios.AfterLastAck(mode, seed, OperationKind.Shared, settings.Replicas)));
            points.Add(($"ack{i}-own", mode => Scenarios.AfterLastAck(mode, seed, OperationKind.Isolated, settings.Replicas * 3)));
        }

        for (int i = 0; i < settings.MidStreamCuts; i++)
        {
            int seed = settings.Seed + 100_000 + i;
            IReadOnlyList<OperationKind> kinds = i % 5 == 4 ? OperationKind.Isolated : OperationKind.Shared;
            points.Add(($"mid{i}", mode => Scenarios.MidStream(mode, seed, kinds, settings.StreamLength)));
        }

        LoopFileSystem.Use(config, fileSystem =>
        {
            report.DescribeFileSystem(config.Name, $"{config.Description}. Mounted as {fileSystem.MountedAs}"
                + (fileSystem.DirectIO ? ", loop device with direct I/O." : ", loop device WITHOUT direct I/O (the kernel refused it).")
                + $" {settings.AfterLastAckCuts * 2} after-last-ACK and {settings.MidStreamCuts} mid-stream crash points per mode, seed {settings.Seed}.");

            foreach ((string name, Func<Mode, (OperationWorkload, CutPolicy)> make) in points)
            {
                foreach (Mode mode in new[] { Mode.Durable, Mode.Naive })
                {
                    (OperationWorkload workload, CutPolicy policy) = make(mode);
                    IReadOnlyList<OperationOutcome> outcomes = CrashHarness.RunCrashPoint(fileSystem, $"{name}-{mode}", workload, policy);
                    report.Record(config.Name, mode, outcomes);
                }
            }
        });

        _output.WriteLine($"{config.Name}: {report.Cuts(config.Name, Mode.Durable) + report.Cuts(config.Name, Mode.Naive)} power cuts in {clock.Elapsed.TotalSeconds:0} s");
        _output.WriteLine(report.ToMarkdown(config.Name));
        _output.WriteLine("Written to " + report.WriteFile());

        IReadOnlyList<OperationOutcome> durableFailures = report.Failures(config.Name, Mode.Durable);
        Assert.True(durableFailures.Count == 0,
            $"The durable operations lost or damaged data on {config.Name}:\n" + string.Join("\n", durableFailures));

        foreach (OperationKind kind in OperationKind.All)
        {
            Assert.True(report.Get(config.Name, kind.Name, Mode.Durable).Acknowledged > 0, $"No durable {kind.Name} was acknowledged on {config.Name}: nothing was checked.");
            Assert.True(report.Get(config.Name, kind.Name, Mode.Naive).Acknowledged > 0, $"No naive {kind.Name} was acknowledged on {config.Name}: nothing was checked.");
        }

        // The negative control: without fsync, each of these lost all (ext4, btrfs) or nearly all (XFS) of its
        // acknowledged writes in our runs (docs/durability.md). Should one of them lose nothing here, the power cut does
        // not cut, and the durable results above prove nothing. The naive form of the isolated kinds calls fsync itself,
        // and may survive.
        foreach (OperationKind kind in OperationKind.Shared)
        {
            DurabilityReport.Tally naive = report.Get(config.Name, kind.Name, Mode.Naive);
            Assert.True(naive.Lost > 0,
                $"The naive {kind.Name} ({kind.Naive}) lost none of its {naive.Acknowledged} acknowledged writes on {config.Name}: the power cut did not lose unflushed data, so the harness proves nothing here.");
        }

        // A directory flush alone does not make a copy durable, which is why DUR002's fix for File.Copy flushes the copy
        // itself: ext4 and btrfs lost every such copy in our runs (empty files). XFS lost none: File.Copy clones the
        // source's blocks there (FICLONE), and a directory fsync forces XFS's whole log, the clone with it.
        if (config.Kind != FileSystemKind.Xfs)
        {
            DurabilityReport.Tally directoryOnly = report.Get(config.Name, "copy-then-flush", Mode.Naive);
            Assert.True(directoryOnly.Lost > 0,
                $"A copy whose directory alone was flushed lost none of its {directoryOnly.Acknowledged} acknowledged copies on {config.Name}: nothing shows that the copy itself needs the flush.");
        }
    }
}

/// <summary>How many crash points to run. DURABLE_CRASH_SOAK=n multiplies them (a soak run); DURABLE_CRASH_SEED fixes the random plan.</summary>
public sealed record CrashSettings(int Seed, int AfterLastAckCuts, int Replicas, int MidStreamCuts, int StreamLength, int Soak = 1)
{
    public static CrashSettings FromEnvironment()
    {
        int soak = Math.Max(1, Number("DURABLE_CRASH_SOAK") ?? 1);
        int seed = Number("DURABLE_CRASH_SEED") ?? Random.Shared.Next(1, 1_000_000);
        return new CrashSettings(seed, AfterLastAckCuts: 6 * soak, Replicas: 3, MidStreamCuts: 40 * soak, StreamLength: 24, Soak: soak);
    }

    private static int? Number(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;
}
