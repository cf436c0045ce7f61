using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DurableWrites.Bench;

/// <summary>
/// Runs every scenario in rounds. In each round every implementation of the scenario runs once, as its own process
/// doing the same number of operations in a fresh directory, and the order of the implementations rotates from
/// round to round; so a noisy neighbour or the journal's background work falls on all of them alike. Before each
/// process the driver flushes the filesystem (syncfs, untimed), so that no implementation starts by paying for what
/// the one before it left unflushed (the non-durable references leave dirty data, write-file-atomic an uncommitted
/// rename). Each process times each of its operations itself: process start-up is never in a latency.
/// </summary>
internal static class Driver
{
    internal static int Run(Options options)
    {
        TextWriter log = Console.Error;
        if (Directory.Exists(options.WorkDir))
        {
            Directory.Delete(options.WorkDir, recursive: true);
        }

        Directory.CreateDirectory(options.WorkDir);
        Directory.CreateDirectory(options.OutDir);
        MachineInfo machine = MachineInfo.Describe(options.WorkDir);
        if ((machine.FileSystem == "tmpfs" || machine.FileSystem == "ramfs") && !options.AllowMemoryFileSystem)
        {
            log.WriteLine($"{options.WorkDir} is on {machine.FileSystem}: fsync costs nothing there. Use --work on a disk-backed directory (or --allow-memory-fs to measure software overhead alone).");
            return 1;
        }

        Tools tools = Tools.Setup(options, log);
        using var settle = new Settle(options.WorkDir);
        List<Scenario> scenarios = Scenarios.All(tools, options.Quick)
            .Where(s => options.Only.Count == 0 || options.Only.Contains(s.Id)).ToList();

        var results = new RunResults
        {
            Machine = machine,
            StartedUtc = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            Rounds = options.Rounds,
            Quick = options.Quick,
            PauseMs = options.PauseMs,
            WorkDir = options.WorkDir,
        };
        var loads = new List<double> { MachineInfo.LoadAverage() };
        results.LoadBefore = loads[0];

        foreach (Scenario scenario in scenarios)
        {
            log.WriteLine($"== {scenario.Id}: {scenario.Implementations.Count} implementations × {options.Rounds} rounds × {scenario.OpsPerRound} ops");
            var samples = scenario.Implementations.ToDictionary(i => i.Id, _ => new List<double>());
            var roundMedians = scenario.Implementations.ToDictionary(i => i.Id, _ => new List<double>());
            for (int round = 0; round < options.Rounds; round++)
            {
                int count = scenario.Implementations.Count;
                for (int k = 0; k < count; k++)
                {
                    Implementation implementation = scenario.Implementations[(k + round) % count];
                    string dir = Path.Combine(options.WorkDir, scenario.Id, implementation.Id, round.ToString(CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(dir);
                    settle.Flush();
                    List<double> latencies = RunOnce(implementation, dir, scenario.OpsPerRound, scenario.Warmup, implementation.PauseMs ?? options.PauseMs);
                    samples[implementation.Id].AddRange(latencies);
                    roundMedians[implementation.Id].Add(Stats.Median(latencies));
                }

                loads.Add(MachineInfo.LoadAverage());
                log.Write('.');
            }

            log.WriteLine();
            ScenarioResult scenarioResult = Summarize(scenario, samples, roundMedians);
            results.Scenarios.Add(scenarioResult);
            foreach (ImplementationResult r in scenarioResult.Results)
            {
                log.WriteLine($"   {r.Name,-62} median {Format.Duration(r.MedianNs),10}  ×C {r.RatioToLimit,6:0.000}  paired {r.PairedRatioToLimit,6:0.000}");
            }

            // Free the space between scenarios (untimed), so that later ones start on a similar disk.
            Directory.Delete(Path.Combine(options.WorkDir, scenario.Id), recursive: true);
        }

        results.LoadAfter = MachineInfo.LoadAverage();
        results.LoadMin = loads.Min();
        results.LoadMax = loads.Max();
        results.FinishedUtc = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture);

        string json = Path.Combine(options.OutDir, "runtime.json");
        File.WriteAllText(json, JsonSerializer.Serialize(results, RunResults.JsonOptions) + "\n");
        File.WriteAllText(Path.Combine(options.OutDir, "runtime.svg"), Chart.Render(results));
        log.WriteLine($"wrote {json} and runtime.svg; load average {results.LoadMin:0.00}–{results.LoadMax:0.00}");
        return 0;
    }

    /// <summary>Flushes the work directory's filesystem between implementations (Linux syncfs; elsewhere nothing).</summary>
    private sealed class Settle : IDisposable
    {
        private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;

        public Settle(string directory)
        {
            if (OperatingSystem.IsLinux())
            {
                _handle = File.OpenHandle(Path.Combine(directory, ".settle"), FileMode.OpenOrCreate, FileAccess.Read);
            }
        }

        public void Flush()
        {
            if (_handle != null && SyncFs((int)_handle.DangerousGetHandle()) != 0)
            {
                throw new IOException($"syncfs failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            }
        }

        public void Dispose() => _handle?.Dispose();

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
        private static extern int SyncFs(int fd);
    }

    private static List<double> RunOnce(Implementation implementation, string dir, int count, int warmup, int pauseMs)
    {
        var start = new ProcessStartInfo(implementation.Command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["BENCH_PAUSE_MS"] = pauseMs.ToString(CultureInfo.InvariantCulture);
        foreach (string arg in implementation.Command.Skip(1))
        {
            start.ArgumentList.Add(arg
                .Replace("{dir}", dir, StringComparison.Ordinal)
                .Replace("{count}", count.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{warmup}", warmup.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{implementation.Name} exited with {process.ExitCode}: {error.Result}");
        }

        var latencies = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => double.Parse(line, CultureInfo.InvariantCulture)).ToList();
        if (latencies.Count != count)
        {
            throw new InvalidOperationException($"{implementation.Name} reported {latencies.Count} latencies, expected {count}");
        }

        return latencies;
    }

    private static ScenarioResult Summarize(Scenario scenario, Dictionary<string, List<double>> samples, Dictionary<string, List<double>> roundMedians)
    {
        string limit = scenario.Implementations.First(i => i.Role == Role.Limit).Id;
        double limitMedian = Stats.Median(samples[limit]);
        var result = new ScenarioResult
        {
            Id = scenario.Id,
            Title = scenario.Title,
            Description = scenario.Description,
            ItemsPerOp = scenario.ItemsPerOp,
            ItemName = scenario.ItemName,
            OpsPerRound = scenario.OpsPerRound,
            Warmup = scenario.Warmup,
        };
        foreach (Implementation implementation in scenario.Implementations)
        {
            List<double> s = samples[implementation.Id];
            double median = Stats.Median(s);
            result.Results.Add(new ImplementationResult
            {
                Id = implementation.Id,
                Name = implementation.Name,
                Role = implementation.Role.ToString(),
                SyncsDirectory = implementation.SyncsDirectory,
                Note = implementation.Note,
                Samples = s.Count,
                MedianNs = median,
                P10Ns = Stats.Percentile(s, 0.10),
                P90Ns = Stats.Percentile(s, 0.90),
                MeanNs = s.Average(),
                OpsPerSecond = 1e9 / median,
                ItemsPerSecond = 1e9 * scenario.ItemsPerOp / median,
                RatioToLimit = median / limitMedian,
                PairedRatioToLimit = Stats.PairedRatio(roundMedians[implementation.Id], roundMedians[limit]),
            });
        }

        foreach (Target target in scenario.Targets)
        {
            List<double> subjectRounds = roundMedians[target.Subject], baselineRounds = roundMedians[target.Baseline];
            double pooled = Stats.Median(samples[target.Subject]) / Stats.Median(samples[target.Baseline]);
            double paired = Stats.PairedRatio(subjectRounds, baselineRounds);
            (double low, double high) = Stats.PairedRatioInterval(subjectRounds, baselineRounds);
            var outcome = new TargetResult { Text = target.Text, Subject = target.Subject, Baseline = target.Baseline };
            if (target.MaxRatio is double max)
            {
                outcome.Threshold = max;
                outcome.Kind = "max-ratio";
                outcome.Pooled = pooled;
                outcome.Paired = paired;
                (outcome.PairedLow, outcome.PairedHigh) = (low, high);
                outcome.Met = pooled <= max && paired <= max;
            }
            else if (target.MinSpeedup is double min)
            {
                outcome.Threshold = min;
                outcome.Kind = "min-speedup";
                outcome.Pooled = 1 / pooled;
                outcome.Paired = 1 / paired;
                (outcome.PairedLow, outcome.PairedHigh) = (1 / high, 1 / low);
                outcome.Met = 1 / pooled >= min && 1 / paired >= min;
            }

            result.Targets.Add(outcome);
        }

        return result;
    }
}

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>Linear interpolation between closest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = values.OrderBy(v => v).ToArray();
        double rank = p * (sorted.Length - 1);
        int low = (int)Math.Floor(rank);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>The median, over rounds, of the ratio of two implementations' medians in the same round.</summary>
    public static double PairedRatio(IReadOnlyList<double> subject, IReadOnlyList<double> baseline) =>
        Median(RoundRatios(subject, baseline));

    /// <summary>
    /// A 95% percentile-bootstrap interval of <see cref="PairedRatio"/>: the rounds are resampled with replacement
    /// 2,000 times (fixed seed, so a report is reproducible from its results) and the median ratio taken each time.
    /// </summary>
    public static (double Low, double High) PairedRatioInterval(IReadOnlyList<double> subject, IReadOnlyList<double> baseline)
    {
        double[] ratios = RoundRatios(subject, baseline);
        if (ratios.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        const int resamples = 2000;
        var random = new Random(20261125);
        var medians = new double[resamples];
        var sample = new double[ratios.Length];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < sample.Length; i++)
            {
                sample[i] = ratios[random.Next(ratios.Length)];
            }

            medians[r] = Median(sample);
        }

        return (Percentile(medians, 0.025), Percentile(medians, 0.975));
    }

    /// <summary>Each round's subject median over its baseline median.</summary>
    private static double[] RoundRatios(IReadOnlyList<double> subject, IReadOnlyList<double> baseline) =>
        subject.Zip(baseline, (s, b) => s / b).ToArray();
}

internal static class Format
{
    public static string Duration(double ns) => ns switch
    {
        >= 1e9 => (ns / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " s",
        >= 1e6 => (ns / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        >= 1e3 => (ns / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        _ => ns.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };

    public static string Rate(double perSecond) => perSecond switch
    {
        >= 10_000 => perSecond.ToString("#,0", CultureInfo.InvariantCulture),
        >= 100 => perSecond.ToString("0", CultureInfo.InvariantCulture),
        _ => perSecond.ToString("0.0", CultureInfo.InvariantCulture),
    };

    public static string Ratio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
