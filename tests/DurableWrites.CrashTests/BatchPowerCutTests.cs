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
/// Power cuts on the group commit: a DurableBatch must lose no file once Commit returned, and a batch cut in the middle
/// must leave each of its files old or new, never damaged. One File.WriteAllBytes per file, the code a batch replaces,
/// must be seen losing acknowledged files (otherwise the cut proves nothing).
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class BatchPowerCutTests
{
    /// <summary>Batches in one stream.</summary>
    private const int StreamLength = 4;

    private readonly ITestOutputHelper _output;

    public BatchPowerCutTests(ITestOutputHelper output) => _output = output;

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
        int afterLastAck = 2 * settings.Soak;
        int midBatch = 6 * settings.Soak;
        DurabilityReport report = DurabilityReport.Shared;
        var clock = Stopwatch.StartNew();

        var points = new List<(string Name, Func<Mode, (OperationWorkload, CutPolicy)> Make)>();
        for (int i = 0; i < afterLastAck; i++)
        {
            int seed = settings.Seed + 400_000 + i;
            points.Add(($"batch-ack{i}", mode => Scenarios.Batches(mode, seed, StreamLength, midBatch: false)));
        }

        for (int i = 0; i < midBatch; i++)
        {
            int seed = settings.Seed + 500_000 + i;
            points.Add(($"batch-mid{i}", mode => Scenarios.Batches(mode, seed, StreamLength, midBatch: true)));
        }

        LoopFileSystem.Use(config, fileSystem =>
        {
            report.DescribeBatch(config.Name, $"mounted as {fileSystem.MountedAs}; per mode {afterLastAck} streams of {StreamLength} batches cut right after the last ACK, "
                + $"{midBatch} cut after a random ACK k plus 0 to 100% of the time batch k took (into batch k + 1); seed {settings.Seed}.");
            foreach ((string name, Func<Mode, (OperationWorkload, CutPolicy)> make) in points)
            {
                foreach (Mode mode in new[] { Mode.Durable, Mode.Naive })
                {
                    (OperationWorkload workload, CutPolicy policy) = make(mode);
                    IReadOnlyList<OperationOutcome> outcomes = CrashHarness.RunCrashPoint(fileSystem, $"{name}-{mode}", workload, policy);
                    report.RecordBatch(config.Name, mode, outcomes);
                    OperationOutcome[] batches = outcomes.Where(o => o.Operation == OperationKind.Batch.Name).ToArray();
                    _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name} {mode} ({policy.Description}): {string.Join("; ", batches.Select((b, i) => $"{i + 1} {(b.Acknowledged ? "acknowledged" : b.InFlight ? "in flight" : "not begun")} {b.Verdict}: {b.Detail}"))}"));
                }
            }
        });

        _output.WriteLine($"{config.Name}: {points.Count * 2} power cuts in {clock.Elapsed.TotalSeconds:0} s (mkfs and mount included), seed {settings.Seed} (DURABLE_CRASH_SEED to repeat)");
        _output.WriteLine(report.ToMarkdown(config.Name));
        _output.WriteLine("Written to " + report.WriteFile());

        IReadOnlyList<OperationOutcome> durableFailures = report.BatchFailures(config.Name, Mode.Durable);
        Assert.True(durableFailures.Count == 0,
            $"DurableBatch lost or damaged data on {config.Name}:\n" + string.Join("\n", durableFailures));

        DurabilityReport.Tally durable = report.GetBatch(config.Name, Mode.Durable);
        Assert.True(durable.Acknowledged > 0, $"No durable batch was acknowledged on {config.Name}: nothing was checked.");
        Assert.True(durable.InFlight > 0, $"No durable batch was in flight at a cut on {config.Name}: the mid-batch promise was not checked.");

        // The negative control: the naive files, written without fsync, must be lost; if none is, the cut did not cut.
        DurabilityReport.Tally naive = report.GetBatch(config.Name, Mode.Naive);
        Assert.True(naive.Acknowledged > 0 && naive.Lost > 0,
            $"The naive batch lost none of its {naive.Acknowledged} acknowledged batches on {config.Name}: the power cut did not lose unflushed data, so the harness proves nothing here.");
    }
}
