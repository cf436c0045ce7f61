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
/// The product's promise shown whole: samples/CommentStore loses acknowledged data in a power cut, and the same
/// sources after `dotnet format analyzers` applied the code fixes of DUR001 to DUR005 lose none. The fixed application
/// is made by running the formatter in this test (on a copy; see <see cref="CommentStoreApps"/>), not taken from
/// samples/CommentStore.Fixed, whose equality with the formatter's output a package test checks separately.
/// Both run the same commands, one process each, on the same plan and the same cut (see <see cref="CommentStorePlan"/>).
/// </summary>
[Collection(SystemTestCollection.Name)]
public sealed class SampleAppPowerCutTests : IClassFixture<CommentStoreApps>
{
    private const int Adds = 6;
    private const int Approvals = 3;
    private const int SettingsChanges = 3;

    /// <summary>A command takes 100 to 300 ms here, most of it starting .NET; its writes come at the end.</summary>
    private static readonly TimeSpan LongestMidCommandDelay = TimeSpan.FromMilliseconds(250);

    private readonly CommentStoreApps _apps;
    private readonly ITestOutputHelper _output;

    public SampleAppPowerCutTests(CommentStoreApps apps, ITestOutputHelper output)
    {
        _apps = apps;
        _output = output;
    }

    [SkippableFact]
    public void Ext4_default_options() => Run(FileSystemConfig.Ext4);

    /// <summary>
    /// Without auto_da_alloc, ext4 no longer writes the data of a file renamed over another before the journal commits
    /// the rename: a lost DUR005 fix (the temporary settings file renamed without its data flushed) shows here, and
    /// not with the default options.
    /// </summary>
    [SkippableFact]
    public void Ext4_data_writeback_without_rename_heuristic() => Run(FileSystemConfig.Ext4Writeback);

    [SkippableFact]
    public void Xfs() => Run(FileSystemConfig.Xfs);

    [SkippableFact]
    public void Btrfs() => Run(FileSystemConfig.Btrfs);

    private void Run(FileSystemConfig config)
    {
        SystemRequirements.RequireLoopMounts(config.RequiredTools);
        CommentStoreApps.Built apps = _apps.Get();
        _output.WriteLine($"Sample built (unsafe, and fixed by dotnet format) in {apps.Elapsed.TotalSeconds:0} s, once for all filesystems; the formatter changed {string.Join(", ", apps.FormattedFiles)}.");
        var clock = Stopwatch.StartNew();

        // The two builds are what they claim: the unsafe one has a warning of every rule, the formatter's output none.
        Assert.Equal(CommentStoreApps.Rules, apps.UnsafeWarnings.Select(w => w[(w.LastIndexOf(' ') + 1)..]).Distinct().Order(StringComparer.Ordinal));
        Assert.True(apps.FixedWarnings.Count == 0, "The fixed sample still has DUR warnings: " + string.Join(", ", apps.FixedWarnings));

        CrashSettings settings = CrashSettings.FromEnvironment();
        int soak = settings.Soak;
        var points = new List<(string Name, CommentStorePlan Plan, Func<CommentStorePlan, CutPolicy> Cut)>();
        for (int i = 0; i < 2 * soak; i++)
        {
            points.Add(($"ack{i}", CommentStorePlan.Create(settings.Seed + 200_000 + i, Adds, Approvals, SettingsChanges), plan => plan.AfterLastAck()));
        }

        for (int i = 0; i < 2 * soak; i++)
        {
            int seed = settings.Seed + 300_000 + i;
            var random = new Random(seed);
            CommentStorePlan plan = CommentStorePlan.Create(seed, Adds, Approvals, SettingsChanges);
            // At least three commands from the one cut into, so the cut comes before the shell is done.
            int command = random.Next(1, plan.Commands.Count - 2);
            TimeSpan delay = TimeSpan.FromMilliseconds(random.NextDouble() * LongestMidCommandDelay.TotalMilliseconds);
            points.Add(($"mid{i}", plan, p => p.MidCommand(command, delay)));
        }

        DurabilityReport report = DurabilityReport.Shared;
        LoopFileSystem.Use(config, fileSystem =>
        {
            report.DescribeSample(config.Name, $"{config.Description}. Mounted as {fileSystem.MountedAs}. "
                + $"Per application {points.Count} crash points of {Adds + Approvals + SettingsChanges} commands ({Adds} add, {Approvals} approve, {SettingsChanges} settings, in a random order): "
                + $"{points.Count(p => p.Name.StartsWith("ack", StringComparison.Ordinal))} cut right after the last ACK, the others 0 to {LongestMidCommandDelay.TotalMilliseconds:0} ms into a command; seed {settings.Seed}.");
            foreach ((string name, CommentStorePlan plan, Func<CommentStorePlan, CutPolicy> cut) in points)
            {
                foreach (SampleVariant variant in new[] { SampleVariant.Unsafe, SampleVariant.Fixed })
                {
                    CutPolicy policy = cut(plan);
                    IReadOnlyList<OperationOutcome> outcomes = CrashHarness.RunCrashPoint(fileSystem, $"{name}-{variant}", plan.Workload(apps.Assembly(variant)), policy);
                    report.RecordSample(config.Name, variant, outcomes);
                    _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name} {variant} ({policy.Description}): {outcomes.Count(o => o.Acknowledged)} effects acknowledged, {outcomes.Count(o => o.Verdict == Verdict.Lost)} lost, {outcomes.Count(o => o.Verdict == Verdict.Violation)} damaged"));
                }
            }
        });

        _output.WriteLine($"{config.Name}: {points.Count * 2} power cuts in {clock.Elapsed.TotalSeconds:0} s (mkfs and mount included)");
        _output.WriteLine(report.ToMarkdown(config.Name));
        _output.WriteLine("Written to " + report.WriteFile());

        IReadOnlyList<OperationOutcome> fixedFailures = report.SampleFailures(config.Name, SampleVariant.Fixed);
        Assert.True(fixedFailures.Count == 0,
            $"The sample fixed by dotnet format lost or damaged data on {config.Name}:\n" + string.Join("\n", fixedFailures));
        foreach (string effect in CommentStorePlan.Effects)
        {
            Assert.True(report.GetSample(config.Name, SampleVariant.Fixed, effect).Acknowledged > 0,
                $"The fixed sample had no acknowledged '{effect}' on {config.Name}: nothing was checked.");
        }

        // The negative control: without the fixes, the power cut must cost acknowledged data.
        DurabilityReport.Tally unsafeApp = report.GetSample(config.Name, SampleVariant.Unsafe);
        Assert.True(unsafeApp.Acknowledged > 0 && unsafeApp.Lost > 0,
            $"The unsafe sample lost none of its {unsafeApp.Acknowledged} acknowledged effects on {config.Name}: the power cut did not cut, and the fixed sample's result proves nothing.");
    }
}
