using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace DurableWrites.AnalyzerBench;

/// <summary>
/// <c>DurableWrites.AnalyzerBench [--analyzers PATH[,PATH...]]... [--base PATH[,PATH...]] [--lines N] [--rounds R] [--alone-lines M [--alone-rounds A]] [--build-rounds B] [--build-work DIR] [--out DIR] [--write-corpus DIR]</c>
/// <para>
/// Generates a corpus of N and 2N lines and, in interleaved rounds, compiles each from source (parse, declare,
/// bind: the compiler's front end, <c>GetDiagnostics</c>) three ways: with no analyzer; with the base analyzers
/// (<c>--base</c>, by default the built-in probe), which stand for the analyzers every build already runs, so that
/// the analyzer driver's own cost is paid; and with the base plus each <c>--analyzers</c> set.
/// The added compile time of a set is measured against the base. Analyzers run through
/// <see cref="CompilationWithAnalyzers"/> with execution-time logging, and each set's own time is read from
/// <see cref="CompilationWithAnalyzers.GetAnalyzerTelemetryInfoAsync"/>. Everything runs on one thread (no
/// concurrent build or analysis), so that no added time hides on a second core, and times are the process's CPU
/// time as well as wall time. The corpus compiles without nullable analysis (it has no annotations).
/// Each analyzer's own time is kept too, for sets of at most <see cref="PerAnalyzerLimit"/> analyzers (one per rule).
/// With <c>--alone-lines M</c>, each analyzer of the first set is also compiled alone (with the base) on corpora of M
/// and 2M lines, in A interleaved rounds (default R): the rules share one analysis per method, which whichever rule asks first
/// pays for, so a rule's growth is only its own when it runs alone.
/// With <c>--build-rounds B</c>, the N-line corpus is also built as a project with <c>dotnet build</c>, without and with
/// each set, in B interleaved rounds (<see cref="BuildBench"/>).
/// Writes analyzer-cost.json to DIR.
/// </para>
/// </summary>
public static class Program
{
    private const string None = "none";

    /// <summary>Sets with more analyzers than this (the SDK's) are reported as a whole only.</summary>
    private const int PerAnalyzerLimit = 20;

    public static async Task<int> Main(string[] args)
    {
        var candidates = new List<AnalyzerSet>();
        AnalyzerSet? baseSet = null;
        int lines = 200_000, rounds = 3, buildRounds = 0, aloneLines = 0, aloneRounds = 0;
        string buildWork = Path.Combine(Path.GetTempPath(), "durablewrites-analyzer-build");
        string outDir = Path.Combine(FindRepo(), "docs", "benchmarks");
        string? writeCorpus = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--analyzers": candidates.Add(AnalyzerSet.Load(Next().Split(',', StringSplitOptions.RemoveEmptyEntries))); break;
                case "--base": baseSet = AnalyzerSet.Load(Next().Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                case "--lines": lines = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--alone-lines": aloneLines = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--alone-rounds": aloneRounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--build-rounds": buildRounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--build-work": buildWork = Path.GetFullPath(Next()); break;
                case "--out": outDir = Path.GetFullPath(Next()); break;
                case "--write-corpus": writeCorpus = Path.GetFullPath(Next()); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        baseSet ??= new AnalyzerSet("built-in probe (FileWriteProbeAnalyzer)", Array.Empty<string>(),
            ImmutableArray.Create<DiagnosticAnalyzer>(new PauseCountingAnalyzer(new FileWriteProbeAnalyzer())));
        var sizes = new[] { lines, 2 * lines };
        var corpora = sizes.Select(n => Corpus.Generate(n)).ToArray();
        if (writeCorpus != null)
        {
            foreach ((string path, string text) in corpora[0].Files)
            {
                string file = Path.Combine(writeCorpus, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }
        }

        // (name, analyzers run, analyzers whose own time is counted)
        var configurations = new List<(string Name, AnalyzerSet? Run, AnalyzerSet? Own)> { (None, null, null), (baseSet.Name, baseSet, baseSet) };
        configurations.AddRange(candidates.Select(c => (c.Name, (AnalyzerSet?)baseSet.Plus(c), (AnalyzerSet?)c)));
        var wall = new Samples();
        var cpu = new Samples();
        var own = new Samples();
        var ownWithoutPauses = new Samples();
        var diagnostics = new Dictionary<(int, string), int>();
        var perAnalyzer = new Dictionary<(int, string), Samples>();
        var perAnalyzerWithoutPauses = new Dictionary<(int, string), Samples>();
        double loadMin = LoadAverage(), loadMax = loadMin;
        Console.Error.WriteLine($"corpus: {string.Join(", ", corpora.Select(c => $"{c.Stats.Lines} lines in {c.Stats.Files} files"))}; {configurations.Count} configurations × {rounds} rounds");

        // Untimed compilations of a tenth of the corpus warm the compiler and every analyzer up.
        var warmup = corpora[0].Files.Take(Math.Max(20, corpora[0].Files.Count / 10)).ToList();
        foreach (var configuration in configurations)
        {
            await CompileAsync(warmup, configuration.Run, configuration.Own);
        }
        for (int round = 0; round < rounds; round++)
        {
            for (int s = 0; s < sizes.Length; s++)
            {
                for (int k = 0; k < configurations.Count; k++)
                {
                    var configuration = configurations[(k + round) % configurations.Count];
                    Result result = await CompileAsync(corpora[s].Files, configuration.Run, configuration.Own);
                    var key = (sizes[s], configuration.Name);
                    wall.Add(key, result.Seconds);
                    cpu.Add(key, result.CpuSeconds);
                    own.Add(key, result.OwnSeconds);
                    ownWithoutPauses.Add(key, result.OwnSeconds - result.OwnPauseSeconds);
                    diagnostics[key] = result.Diagnostics;
                    if (!perAnalyzer.TryGetValue(key, out Samples? analyzerSamples))
                    {
                        perAnalyzer[key] = analyzerSamples = new Samples();
                        perAnalyzerWithoutPauses[key] = new Samples();
                    }

                    foreach ((string analyzer, double seconds) in result.PerAnalyzer)
                    {
                        analyzerSamples.Add((0, analyzer), seconds);
                        perAnalyzerWithoutPauses[key].Add((0, analyzer), seconds - result.PerAnalyzerPauses[analyzer]);
                    }

                    Console.Error.WriteLine($"  round {round + 1} {sizes[s],7} lines  {configuration.Name,-40} {result.Seconds,8:0.000} s (cpu {result.CpuSeconds,8:0.000} s)  own {result.OwnSeconds,7:0.000} s (collection pauses {result.OwnPauseSeconds:0.000} s)  diagnostics {result.Diagnostics}");
                    double now = LoadAverage();
                    loadMax = Math.Max(loadMax, now);
                    loadMin = Math.Min(loadMin, now);
                }
            }
        }

        var report = new CostReport
        {
            Seed = Corpus.Seed,
            Rounds = rounds,
            Compiler = typeof(CSharpCompilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "",
            LoadMin = loadMin,
            LoadMax = loadMax,
            Base = baseSet.Name,
            Corpora = corpora.Select(c => c.Stats).ToList(),
        };
        foreach (int size in sizes)
        {
            report.Baseline.Add(new SizeTime
            {
                Lines = size,
                MedianSeconds = Median(wall[(size, None)]),
                MedianCpuSeconds = Median(cpu[(size, None)]),
            });
            foreach (var configuration in configurations.Skip(1))
            {
                bool isBase = configuration.Own == baseSet;
                string against = isBase ? None : baseSet.Name;
                var key = (size, configuration.Name);
                report.Sets.Add(new SetCost
                {
                    Name = configuration.Name,
                    Against = against,
                    Assemblies = configuration.Own!.Paths.ToList(),
                    Analyzers = configuration.Own.Analyzers.Length,
                    Lines = size,
                    MedianSeconds = Median(wall[key]),
                    MedianCpuSeconds = Median(cpu[key]),
                    AddedPercent = 100 * PairedIncrease(wall[key], wall[(size, against)]),
                    AddedCpuPercent = 100 * PairedIncrease(cpu[key], cpu[(size, against)]),
                    OwnSeconds = Median(own[key]),
                    OwnPercent = 100 * Median(own[key].Zip(cpu[(size, against)], (a, b) => a / b).ToList()),
                    OwnWithoutPausesSeconds = Median(ownWithoutPauses[key]),
                    Diagnostics = diagnostics[key],
                    PerAnalyzer = perAnalyzer[key]
                        .Select(p => new NamedSeconds
                        {
                            Name = p.Key.Configuration,
                            Seconds = Median(p.Value),
                            Percent = 100 * Median(p.Value.Zip(cpu[(size, against)], (a, b) => a / b).ToList()),
                            SecondsWithoutPauses = Median(perAnalyzerWithoutPauses[key][p.Key]),
                        })
                        .OrderByDescending(p => p.Seconds)
                        .ToList(),
                });
            }
        }

        if (aloneLines > 0 && candidates.Count > 0)
        {
            report.Alone = await MeasureAloneAsync(candidates[0], baseSet, aloneLines, aloneRounds > 0 ? aloneRounds : rounds);
        }

        if (buildRounds > 0)
        {
            report.Build = BuildBench.Run(corpora[0].Files, corpora[0].Stats, candidates, buildRounds, buildWork);
        }

        Directory.CreateDirectory(outDir);
        string json = Path.Combine(outDir, "analyzer-cost.json");
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        File.WriteAllText(json, JsonSerializer.Serialize(report, options) + "\n");
        Console.Error.WriteLine($"wrote {json}");
        foreach (SetCost cost in report.Sets)
        {
            Console.Error.WriteLine($"  {cost.Lines,7} lines  {cost.Name,-40} vs {cost.Against,-12} added {cost.AddedPercent,6:0.00}% wall, {cost.AddedCpuPercent,6:0.00}% cpu; own time {cost.OwnPercent,6:0.00}%");
            foreach (NamedSeconds analyzer in cost.PerAnalyzer)
            {
                Console.Error.WriteLine($"      {analyzer.Name,-60} {analyzer.Seconds,8:0.000} s  {analyzer.Percent,6:0.000}%");
            }
        }

        return 0;
    }

    /// <summary>Each analyzer of <paramref name="set"/> run alone with the base, at M and 2M lines: its own time, median over the rounds.</summary>
    private static async Task<List<AloneCost>> MeasureAloneAsync(AnalyzerSet set, AnalyzerSet baseSet, int lines, int rounds)
    {
        var sizes = new[] { lines, 2 * lines };
        var corpora = sizes.Select(n => Corpus.Generate(n)).ToArray();
        var singles = set.Analyzers.Select(a => new AnalyzerSet(AnalyzerName(a), set.Paths, ImmutableArray.Create(a))).ToList();
        Console.Error.WriteLine($"each analyzer alone: {string.Join(", ", corpora.Select(c => $"{c.Stats.Lines} lines"))}; {singles.Count} analyzers × {rounds} rounds");
        var warmup = corpora[0].Files.Take(Math.Max(20, corpora[0].Files.Count / 10)).ToList();
        foreach (AnalyzerSet single in singles)
        {
            await CompileAsync(warmup, baseSet.Plus(single), single);
        }

        var own = new Samples();
        var ownWithoutPauses = new Samples();
        for (int round = 0; round < rounds; round++)
        {
            for (int s = 0; s < sizes.Length; s++)
            {
                for (int k = 0; k < singles.Count; k++)
                {
                    AnalyzerSet single = singles[(k + round) % singles.Count];
                    Result result = await CompileAsync(corpora[s].Files, baseSet.Plus(single), single);
                    own.Add((sizes[s], single.Name), result.OwnSeconds);
                    ownWithoutPauses.Add((sizes[s], single.Name), result.OwnSeconds - result.OwnPauseSeconds);
                    Console.Error.WriteLine($"  round {round + 1} {sizes[s],7} lines  {single.Name,-64} own {result.OwnSeconds,7:0.000} s (collection pauses {result.OwnPauseSeconds:0.000} s)");
                }
            }
        }

        return singles.SelectMany(single => sizes.Select(size => new AloneCost
        {
            Name = single.Name,
            Lines = corpora[Array.IndexOf(sizes, size)].Stats.Lines,
            OwnSeconds = Median(own[(size, single.Name)]),
            OwnWithoutPausesSeconds = Median(ownWithoutPauses[(size, single.Name)]),
        })).ToList();
    }

    private static double PairedIncrease(List<double> with, List<double> without) =>
        Median(with.Zip(without, (w, b) => w / b - 1).ToList());

    private static async Task<Result> CompileAsync(IReadOnlyList<(string Path, string Text)> files, AnalyzerSet? set, AnalyzerSet? ownSet)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpuStart = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path)).ToList();
        var compilation = CSharpCompilation.Create("Corpus", trees, Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, concurrentBuild: false));
        if (set is null)
        {
            ImmutableArray<Diagnostic> compilerDiagnostics = compilation.GetDiagnostics();
            clock.Stop();
            double cpu = CpuSince(self, cpuStart);
            RequireNoErrors(compilerDiagnostics);
            return new Result(clock.Elapsed.TotalSeconds, cpu, 0, 0, new Dictionary<string, double>()) { PerAnalyzerPauses = new Dictionary<string, double>() };
        }

        ImmutableArray<DiagnosticAnalyzer> own = ownSet?.Analyzers ?? set.Analyzers;
        double[] pausesBefore = own.Select(PauseSeconds).ToArray();
        var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        var withAnalyzers = compilation.WithAnalyzers(set.Analyzers,
            new CompilationWithAnalyzersOptions(analyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        ImmutableArray<Diagnostic> compiler = withAnalyzers.Compilation.GetDiagnostics();
        ImmutableArray<Diagnostic> all = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        clock.Stop();
        double cpuSeconds = CpuSince(self, cpuStart);
        RequireNoErrors(compiler);
        double analyzerSeconds = 0, pauseSeconds = 0;
        var perAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
        var perAnalyzerPauses = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < own.Length; i++)
        {
            DiagnosticAnalyzer analyzer = own[i];
            AnalyzerTelemetryInfo info = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            double pauses = PauseSeconds(analyzer) - pausesBefore[i];
            analyzerSeconds += info.ExecutionTime.TotalSeconds;
            pauseSeconds += pauses;
            if (own.Length <= PerAnalyzerLimit)
            {
                perAnalyzer[AnalyzerName(analyzer)] = info.ExecutionTime.TotalSeconds;
                perAnalyzerPauses[AnalyzerName(analyzer)] = pauses;
            }
        }

        int analyzerDiagnostics = ownSet is null ? all.Length : all.Count(d => ownSet.Analyzers.Any(a => a.SupportedDiagnostics.Any(s => s.Id == d.Id)));
        return new Result(clock.Elapsed.TotalSeconds, cpuSeconds, analyzerSeconds, analyzerDiagnostics, perAnalyzer) { OwnPauseSeconds = pauseSeconds, PerAnalyzerPauses = perAnalyzerPauses };
    }

    /// <summary>The analyzer as the compiler's ReportAnalyzer names it: its type and the diagnostics it reports.</summary>
    private static string AnalyzerName(DiagnosticAnalyzer analyzer) =>
        $"{Unwrapped(analyzer).GetType().FullName} ({string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())})";

    private static DiagnosticAnalyzer Unwrapped(DiagnosticAnalyzer analyzer) => analyzer is PauseCountingAnalyzer counting ? counting.Inner : analyzer;

    /// <summary>The collection pauses counted inside <paramref name="analyzer"/>'s callbacks so far (see <see cref="PauseCountingAnalyzer"/>).</summary>
    private static double PauseSeconds(DiagnosticAnalyzer analyzer) => analyzer is PauseCountingAnalyzer counting ? counting.Pauses.TotalSeconds : 0;

    /// <summary>This process's processor time (user and system, all threads) since <paramref name="start"/>: less disturbed than wall time by other work on the machine.</summary>
    private static double CpuSince(Process self, TimeSpan start)
    {
        self.Refresh();
        return (self.TotalProcessorTime - start).TotalSeconds;
    }

    private static void RequireNoErrors(ImmutableArray<Diagnostic> diagnostics)
    {
        Diagnostic? error = diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal));
        if (error != null)
        {
            throw new InvalidOperationException($"the corpus does not compile: {error}");
        }
    }

    internal static double Median(List<double> values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private static string FindRepo()
    {
        for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Analyzers.sln")))
            {
                return dir;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <param name="OwnSeconds">The analyzers' execution time as the compiler's telemetry gives it.</param>
    private sealed record Result(double Seconds, double CpuSeconds, double OwnSeconds, int Diagnostics, Dictionary<string, double> PerAnalyzer)
    {
        /// <summary>The collection pauses inside the analyzers' callbacks, included in <see cref="OwnSeconds"/>.</summary>
        public double OwnPauseSeconds { get; init; }

        public required Dictionary<string, double> PerAnalyzerPauses { get; init; }
    }
}

/// <summary>Analyzers loaded from assemblies on disk (or built in), compiled against as one set.</summary>
internal sealed class AnalyzerSet
{
    public AnalyzerSet(string name, IReadOnlyList<string> paths, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        Name = name;
        Paths = paths;
        Analyzers = analyzers;
    }

    public string Name { get; }

    public IReadOnlyList<string> Paths { get; }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>This set and <paramref name="other"/> run together.</summary>
    public AnalyzerSet Plus(AnalyzerSet other) =>
        new(Name + " + " + other.Name, Paths.Concat(other.Paths).ToList(), Analyzers.AddRange(other.Analyzers));

    public static AnalyzerSet Load(IReadOnlyList<string> paths)
    {
        var loader = new DirectoryLoader();
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        var full = paths.Select(Path.GetFullPath).ToList();
        foreach (string path in full)
        {
            var reference = new AnalyzerFileReference(path, loader);
            reference.AnalyzerLoadFailed += (_, e) => throw new InvalidOperationException($"cannot load analyzers from {path}: {e.Message}", e.Exception);
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp).Select(a => new PauseCountingAnalyzer(a)));
        }

        if (analyzers.Count == 0)
        {
            throw new InvalidOperationException($"no C# analyzer in {string.Join(", ", full)}");
        }

        return new AnalyzerSet(string.Join(" + ", full.Select(Path.GetFileNameWithoutExtension)), full, analyzers.ToImmutable());
    }

    /// <summary>Loads an analyzer assembly and, on demand, its dependencies from the same directory.</summary>
    private sealed class DirectoryLoader : IAnalyzerAssemblyLoader
    {
        private readonly HashSet<string> _directories = new(StringComparer.Ordinal);

        public DirectoryLoader() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        public void AddDependencyLocation(string fullPath) => _directories.Add(Path.GetDirectoryName(fullPath)!);

        public Assembly LoadFromPath(string fullPath)
        {
            _directories.Add(Path.GetDirectoryName(fullPath)!);
            return Assembly.LoadFrom(fullPath);
        }

        private Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string name = new AssemblyName(args.Name).Name + ".dll";
            string? path = _directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
            return path != null ? Assembly.LoadFrom(path) : null;
        }
    }
}

/// <summary>Timings per (corpus lines, configuration).</summary>
internal sealed class Samples : Dictionary<(int Lines, string Configuration), List<double>>
{
    public void Add((int, string) key, double value)
    {
        if (!TryGetValue(key, out List<double>? list))
        {
            this[key] = list = new List<double>();
        }

        list.Add(value);
    }
}

internal sealed class CostReport
{
    public int Seed { get; set; }
    public int Rounds { get; set; }
    public string Compiler { get; set; } = "";
    public double LoadMin { get; set; }
    public double LoadMax { get; set; }
    public string Base { get; set; } = "";
    public List<CorpusStats> Corpora { get; set; } = new();
    public List<SizeTime> Baseline { get; set; } = new();
    public List<SetCost> Sets { get; set; } = new();
    public BuildCost? Build { get; set; }

    /// <summary>Each analyzer's own time when it runs alone (with the base), at M and 2M lines; empty when not measured.</summary>
    public List<AloneCost> Alone { get; set; } = new();
}

internal sealed class AloneCost
{
    public string Name { get; set; } = "";
    public int Lines { get; set; }
    public double OwnSeconds { get; set; }

    /// <summary>The own time less the garbage-collection pauses inside the analyzer's callbacks (see <see cref="PauseCountingAnalyzer"/>).</summary>
    public double OwnWithoutPausesSeconds { get; set; }
}

internal sealed class SizeTime
{
    public int Lines { get; set; }
    public double MedianSeconds { get; set; }
    public double MedianCpuSeconds { get; set; }
}

internal sealed class SetCost
{
    public string Name { get; set; } = "";
    public string Against { get; set; } = "";
    public List<string> Assemblies { get; set; } = new();
    public int Analyzers { get; set; }
    public int Lines { get; set; }
    public double MedianSeconds { get; set; }
    public double AddedPercent { get; set; }
    public double MedianCpuSeconds { get; set; }
    public double AddedCpuPercent { get; set; }
    public double OwnSeconds { get; set; }
    public double OwnPercent { get; set; }

    /// <summary>The own time less the garbage-collection pauses inside the analyzers' callbacks (see <see cref="PauseCountingAnalyzer"/>).</summary>
    public double OwnWithoutPausesSeconds { get; set; }
    public int Diagnostics { get; set; }

    /// <summary>Each analyzer's own time (median over rounds) and its share of the compile it is measured against.</summary>
    public List<NamedSeconds> PerAnalyzer { get; set; } = new();
}
