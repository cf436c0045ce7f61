using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DurableWrites.AnalyzerBench;

/// <summary>
/// The whole build: the corpus as an ordinary project (the SDK's defaults, so the SDK's own analyzers run as in any
/// build), built from scratch with <c>dotnet build --no-incremental</c> without and with the analyzer assemblies as
/// <c>&lt;Analyzer&gt;</c> items, in interleaved rounds. Wall time is measured around the command; CPU time (user and
/// system) of the whole process tree by <c>/usr/bin/time</c>, with the compiler run in its own process
/// (<c>UseSharedCompilation=false</c>, no node reuse) so that all the work is done by children that are waited for.
/// The compiler's own per-analyzer execution times come from <c>ReportAnalyzer</c>, on in every build.
/// </summary>
internal static class BuildBench
{
    private static readonly Regex AnalyzerLine = new(@"^\s*(<?[0-9.]+)\s+(<?\d+)\s+(\S.*?)\s*$", RegexOptions.Compiled);

    public static BuildCost Run(IReadOnlyList<(string Path, string Text)> files, CorpusStats stats, IReadOnlyList<AnalyzerSet> sets, int rounds, string work)
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        foreach ((string path, string text) in files)
        {
            string file = Path.Combine(work, "src", path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }

        // Empty imports: nothing above the work directory takes part in the build.
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />\n");
        string framework = $"net{Environment.Version.Major}.0";
        string project = Path.Combine(work, "Corpus.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{framework}</TargetFramework>
                <OutputType>Library</OutputType>
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>disable</Nullable>
              </PropertyGroup>
              <ItemGroup Condition="'$(BenchAnalyzers)' != ''">
                <Analyzer Include="$(BenchAnalyzers)" />
              </ItemGroup>
            </Project>
            """);
        Exec(work, "dotnet", "restore", project, "-nologo", "-v:q");

        var configurations = new List<(string Name, AnalyzerSet? Set)> { ("none", null) };
        configurations.AddRange(sets.Select(s => (s.Name, (AnalyzerSet?)s)));
        var samples = configurations.ToDictionary(c => c.Name, _ => new List<BuildSample>());
        double loadMin = LoadAverage(), loadMax = loadMin;
        Console.Error.WriteLine($"build: {stats.Lines} lines, {configurations.Count} configurations × {rounds} rounds after one untimed build each");
        for (int round = -1; round < rounds; round++)
        {
            for (int k = 0; k < configurations.Count; k++)
            {
                var configuration = configurations[(k + Math.Max(round, 0)) % configurations.Count];
                BuildSample sample = Build(work, project, configuration.Set);
                double now = LoadAverage();
                loadMin = Math.Min(loadMin, now);
                loadMax = Math.Max(loadMax, now);
                Console.Error.WriteLine($"  {(round < 0 ? "warm-up" : "round " + (round + 1).ToString(CultureInfo.InvariantCulture)),-8} {configuration.Name,-40} {sample.WallSeconds,8:0.000} s wall, {sample.CpuSeconds,8:0.000} s cpu, analyzers {sample.AnalyzerSeconds:0.000} s (set {sample.SetSeconds:0.000} s), {sample.Warnings} warnings");
                if (round >= 0)
                {
                    samples[configuration.Name].Add(sample);
                }
            }
        }

        var cost = new BuildCost
        {
            Lines = stats.Lines,
            Files = stats.Files,
            Rounds = rounds,
            Framework = framework,
            LoadMin = loadMin,
            LoadMax = loadMax,
        };
        List<BuildSample> without = samples["none"];
        cost.Baseline = Summary("none", without, without);
        foreach (AnalyzerSet set in sets)
        {
            BuildSetCost summary = Summary(set.Name, samples[set.Name], without);
            var perAnalyzer = samples[set.Name].SelectMany(s => s.PerAnalyzer).GroupBy(p => p.Key);
            summary.PerAnalyzer = perAnalyzer
                .Select(g =>
                {
                    double seconds = Program.Median(g.Select(p => p.Value).ToList());
                    return new NamedSeconds { Name = g.Key, Seconds = seconds, Percent = 100 * seconds / cost.Baseline.MedianCpuSeconds };
                })
                .OrderByDescending(p => p.Seconds)
                .ToList();
            cost.Sets.Add(summary);
        }

        return cost;
    }

    private static BuildSetCost Summary(string name, List<BuildSample> with, List<BuildSample> without) => new()
    {
        Name = name,
        MedianWallSeconds = Program.Median(with.Select(s => s.WallSeconds).ToList()),
        MedianCpuSeconds = Program.Median(with.Select(s => s.CpuSeconds).ToList()),
        AddedWallPercent = 100 * Program.Median(with.Zip(without, (w, b) => w.WallSeconds / b.WallSeconds - 1).ToList()),
        AddedCpuPercent = 100 * Program.Median(with.Zip(without, (w, b) => w.CpuSeconds / b.CpuSeconds - 1).ToList()),
        AnalyzerSeconds = Program.Median(with.Select(s => s.AnalyzerSeconds).ToList()),
        SetSeconds = Program.Median(with.Select(s => s.SetSeconds).ToList()),
        SetPercentOfCpu = 100 * Program.Median(with.Zip(without, (w, b) => w.SetSeconds / b.CpuSeconds).ToList()),
        Warnings = with.Count > 0 ? with[^1].Warnings : 0,
    };

    private static BuildSample Build(string work, string project, AnalyzerSet? set)
    {
        string timeFile = Path.Combine(work, "time.txt");
        string log = Path.Combine(work, "build.log");
        var arguments = new List<string>
        {
            "-f", "%e %U %S", "-o", timeFile,
            "dotnet", "build", project, "--no-restore", "--no-incremental", "-c", "Release", "-nologo", "-nodeReuse:false",
            "-p:UseSharedCompilation=false", "-p:ReportAnalyzer=true", "-v:q", $"-flp:verbosity=detailed;logfile={log}",
        };
        if (set is not null)
        {
            arguments.Add("-p:BenchAnalyzers=" + string.Join("%3B", set.Paths));
        }

        var clock = Stopwatch.StartNew();
        Exec(work, "/usr/bin/time", arguments.ToArray());
        clock.Stop();
        string[] times = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ');
        double cpu = double.Parse(times[1], CultureInfo.InvariantCulture) + double.Parse(times[2], CultureInfo.InvariantCulture);
        var sample = new BuildSample { WallSeconds = clock.Elapsed.TotalSeconds, CpuSeconds = cpu };
        ReadAnalyzerReport(File.ReadAllLines(log), set, sample);
        return sample;
    }

    /// <summary>Reads the compiler's ReportAnalyzer table: the total, the set's assemblies and each of their analyzers.</summary>
    private static void ReadAnalyzerReport(string[] lines, AnalyzerSet? set, BuildSample sample)
    {
        var assemblies = new HashSet<string>(set?.Paths.Select(p => Path.GetFileNameWithoutExtension(p)) ?? Array.Empty<string>(), StringComparer.Ordinal);
        bool inTable = false, inSet = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            if (line.Contains(": warning DUR", StringComparison.Ordinal) && seen.Add(Regex.Replace(line.Trim(), @"^\d+>", "")))
            {
                sample.Warnings++;
            }

            Match total = Regex.Match(line, @"Total (analyzer|generator) execution time: ([0-9.]+) seconds");
            if (total.Success)
            {
                inTable = total.Groups[1].Value == "analyzer";
                if (inTable)
                {
                    sample.AnalyzerSeconds = double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture);
                }

                continue;
            }

            if (!inTable)
            {
                continue;
            }

            Match row = AnalyzerLine.Match(line);
            if (!row.Success)
            {
                // The table ends at the first line that is neither blank, its header nor a row.
                inTable = line.Trim().Length == 0 || line.Contains("Time (s)", StringComparison.Ordinal);
                continue;
            }

            string name = row.Groups[3].Value;
            double seconds = row.Groups[1].Value.StartsWith('<') ? 0 : double.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
            if (name.Contains(", Version=", StringComparison.Ordinal))
            {
                inSet = assemblies.Contains(name.Split(',')[0]);
                if (inSet)
                {
                    sample.SetSeconds += seconds;
                }
            }
            else if (inSet)
            {
                sample.PerAnalyzer[name] = seconds;
            }
        }
    }

    private static void Exec(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Restore and build must not ask a shared build server for anything: every build starts alike.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr}");
        }
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private sealed class BuildSample
    {
        public double WallSeconds { get; set; }
        public double CpuSeconds { get; set; }
        public double AnalyzerSeconds { get; set; }
        public double SetSeconds { get; set; }
        public int Warnings { get; set; }
        public Dictionary<string, double> PerAnalyzer { get; } = new(StringComparer.Ordinal);
    }
}

internal sealed class BuildCost
{
    public int Lines { get; set; }
    public int Files { get; set; }
    public int Rounds { get; set; }
    public string Framework { get; set; } = "";
    public double LoadMin { get; set; }
    public double LoadMax { get; set; }
    public BuildSetCost Baseline { get; set; } = new();
    public List<BuildSetCost> Sets { get; set; } = new();
}

internal sealed class BuildSetCost
{
    public string Name { get; set; } = "";
    public double MedianWallSeconds { get; set; }
    public double MedianCpuSeconds { get; set; }
    public double AddedWallPercent { get; set; }
    public double AddedCpuPercent { get; set; }

    /// <summary>All analyzers' execution time in the build (the SDK's and the set's), as the compiler reports it.</summary>
    public double AnalyzerSeconds { get; set; }

    /// <summary>The set's own execution time as the compiler reports it.</summary>
    public double SetSeconds { get; set; }

    /// <summary>The set's own time as a share of the build's CPU time without it.</summary>
    public double SetPercentOfCpu { get; set; }

    public int Warnings { get; set; }
    public List<NamedSeconds> PerAnalyzer { get; set; } = new();
}

internal sealed class NamedSeconds
{
    public string Name { get; set; } = "";
    public double Seconds { get; set; }
    public double Percent { get; set; }

    /// <summary>In process only: the own time less the garbage-collection pauses inside the analyzer's callbacks.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? SecondsWithoutPauses { get; set; }
}
