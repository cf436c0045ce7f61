using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DurableWrites.CrashTests.Harness;

/// <summary>
/// Counts what the crash tests saw, per filesystem, operation and mode, and renders it as Markdown tables:
/// in the test output, and in artifacts/durability/durability.md (rewritten after each test, so it is complete at the end).
/// </summary>
public sealed class DurabilityReport
{
    public static readonly DurabilityReport Shared = new();

    private readonly object _gate = new();
    private readonly Dictionary<(string FileSystem, string Operation, Mode Mode), Tally> _tallies = new();
    private readonly Dictionary<(string FileSystem, Mode Mode), int> _cuts = new();
    private readonly Dictionary<string, string> _fileSystems = new();
    private readonly List<string> _notes = new();
    private readonly Dictionary<(string FileSystem, string Effect, SampleVariant Variant), Tally> _sampleTallies = new();
    private readonly Dictionary<(string FileSystem, SampleVariant Variant), int> _sampleCuts = new();
    private readonly Dictionary<string, string> _sampleDescriptions = new();
    private readonly Dictionary<(string FileSystem, string Operation, Mode Mode), Tally> _batchTallies = new();
    private readonly Dictionary<(string FileSystem, Mode Mode), int> _batchCuts = new();
    private readonly Dictionary<string, string> _batchDescriptions = new();

    public sealed class Tally
    {
        public int Acknowledged { get; set; }
        public int Lost { get; set; }
        public int NotAcknowledged { get; set; }
        public int Violations { get; set; }
        public int TemporaryFilesLeft { get; set; }
        public SortedDictionary<string, int> LossKinds { get; } = new(StringComparer.Ordinal);
        public int InFlight { get; set; }
        public SortedDictionary<string, int> InFlightStates { get; } = new(StringComparer.Ordinal);
        public List<OperationOutcome> Failures { get; } = new();
    }

    public void DescribeFileSystem(string name, string description)
    {
        lock (_gate)
        {
            _fileSystems[name] = description;
        }
    }

    public void Note(string note)
    {
        lock (_gate)
        {
            _notes.Add(note);
        }
    }

    public void Record(string fileSystem, Mode mode, IEnumerable<OperationOutcome> outcomes)
    {
        lock (_gate)
        {
            _cuts[(fileSystem, mode)] = _cuts.GetValueOrDefault((fileSystem, mode)) + 1;
            foreach (OperationOutcome outcome in outcomes)
            {
                Count(TallyOf(fileSystem, outcome.Operation, mode), outcome);
            }
        }
    }

    /// <summary>The outcomes of one crash point of the sample application (see <see cref="CommentStorePlan"/>).</summary>
    public void RecordSample(string fileSystem, SampleVariant variant, IEnumerable<OperationOutcome> outcomes)
    {
        lock (_gate)
        {
            _sampleCuts[(fileSystem, variant)] = _sampleCuts.GetValueOrDefault((fileSystem, variant)) + 1;
            foreach (OperationOutcome outcome in outcomes)
            {
                if (!_sampleTallies.TryGetValue((fileSystem, outcome.Operation, variant), out Tally? tally))
                {
                    tally = new Tally();
                    _sampleTallies[(fileSystem, outcome.Operation, variant)] = tally;
                }

                Count(tally, outcome);
            }
        }
    }

    /// <summary>The outcomes of one crash point of the group commit (<see cref="OperationKind.Batch"/>): the batches, and their files apart.</summary>
    public void RecordBatch(string fileSystem, Mode mode, IEnumerable<OperationOutcome> outcomes)
    {
        lock (_gate)
        {
            _batchCuts[(fileSystem, mode)] = _batchCuts.GetValueOrDefault((fileSystem, mode)) + 1;
            foreach (OperationOutcome outcome in outcomes)
            {
                if (!_batchTallies.TryGetValue((fileSystem, outcome.Operation, mode), out Tally? tally))
                {
                    tally = new Tally();
                    _batchTallies[(fileSystem, outcome.Operation, mode)] = tally;
                }

                Count(tally, outcome);
            }
        }
    }

    public void DescribeBatch(string fileSystem, string description)
    {
        lock (_gate)
        {
            _batchDescriptions[fileSystem] = description;
        }
    }

    /// <summary>The group commit's outcomes on <paramref name="fileSystem"/>: of the batches, or of their files with <paramref name="perFile"/>.</summary>
    public Tally GetBatch(string fileSystem, Mode mode, bool perFile = false)
    {
        lock (_gate)
        {
            string operation = perFile ? OperationWorkload.PerFile(OperationKind.Batch) : OperationKind.Batch.Name;
            return _batchTallies.GetValueOrDefault((fileSystem, operation, mode)) ?? new Tally();
        }
    }

    public int BatchCuts(string fileSystem, Mode mode)
    {
        lock (_gate)
        {
            return _batchCuts.GetValueOrDefault((fileSystem, mode));
        }
    }

    /// <summary>Every lost or damaged batch or file of <paramref name="mode"/> on <paramref name="fileSystem"/> (the first 20 of each).</summary>
    public IReadOnlyList<OperationOutcome> BatchFailures(string fileSystem, Mode mode)
    {
        lock (_gate)
        {
            return _batchTallies.Where(t => t.Key.FileSystem == fileSystem && t.Key.Mode == mode)
                .SelectMany(t => t.Value.Failures).ToArray();
        }
    }

    public void DescribeSample(string fileSystem, string description)
    {
        lock (_gate)
        {
            _sampleDescriptions[fileSystem] = description;
        }
    }

    /// <summary>The sample application's outcomes on <paramref name="fileSystem"/>, summed over its effects, or of one <paramref name="effect"/>.</summary>
    public Tally GetSample(string fileSystem, SampleVariant variant, string? effect = null)
    {
        lock (_gate)
        {
            return Sum(_sampleTallies.Where(t => t.Key.FileSystem == fileSystem && t.Key.Variant == variant && (effect == null || t.Key.Effect == effect)).Select(t => t.Value));
        }
    }

    /// <summary>Every lost or damaged outcome of the sample application (the first 20 per effect).</summary>
    public IReadOnlyList<OperationOutcome> SampleFailures(string fileSystem, SampleVariant variant)
    {
        lock (_gate)
        {
            return _sampleTallies.Where(t => t.Key.FileSystem == fileSystem && t.Key.Variant == variant)
                .SelectMany(t => t.Value.Failures).ToArray();
        }
    }

    /// <summary>
    /// The kind of a state for the tables: <see cref="Content.Kind"/>, without a trailing "(details)". The file a
    /// state of one file in a batch names, "state (name)", is left out first.
    /// </summary>
    private static string KindOf(string detail) => Regex.Replace(Content.Kind(Regex.Replace(detail, @" \([^()]*\)$", "")), @" \(.*\)$", "");

    private static void Count(Tally tally, OperationOutcome outcome)
    {
        if (outcome.Acknowledged)
        {
            tally.Acknowledged++;
        }
        else
        {
            tally.NotAcknowledged++;
            if (outcome.InFlight)
            {
                tally.InFlight++;
                string state = KindOf(outcome.Detail) + (outcome.TemporaryFileLeft ? " + temporary file" : "");
                tally.InFlightStates[state] = tally.InFlightStates.GetValueOrDefault(state) + 1;
            }
        }

        if (outcome.TemporaryFileLeft)
        {
            tally.TemporaryFilesLeft++;
        }

        if (outcome.Verdict == Verdict.Lost)
        {
            tally.Lost++;
            string kind = KindOf(outcome.Detail);
            tally.LossKinds[kind] = tally.LossKinds.GetValueOrDefault(kind) + 1;
        }
        else if (outcome.Verdict == Verdict.Violation)
        {
            tally.Violations++;
        }

        if (outcome.Verdict is Verdict.Lost or Verdict.Violation && tally.Failures.Count < 20)
        {
            tally.Failures.Add(outcome);
        }
    }

    public Tally Get(string fileSystem, string operation, Mode mode)
    {
        lock (_gate)
        {
            return TallyOf(fileSystem, operation, mode);
        }
    }

    public int Cuts(string fileSystem, Mode mode)
    {
        lock (_gate)
        {
            return _cuts.GetValueOrDefault((fileSystem, mode));
        }
    }

    /// <summary>Every lost or damaged outcome of <paramref name="mode"/> on <paramref name="fileSystem"/> (the first 20 per operation).</summary>
    public IReadOnlyList<OperationOutcome> Failures(string fileSystem, Mode mode)
    {
        lock (_gate)
        {
            return _tallies.Where(t => t.Key.FileSystem == fileSystem && t.Key.Mode == mode)
                .SelectMany(t => t.Value.Failures).ToArray();
        }
    }

    /// <summary>The tables for one filesystem, or for all when <paramref name="fileSystem"/> is null.</summary>
    public string ToMarkdown(string? fileSystem = null)
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            string[] names = _cuts.Keys.Select(k => k.FileSystem).Distinct().Where(n => fileSystem == null || n == fileSystem)
                .OrderBy(Order).ToArray();
            string[] sampleNames = _sampleCuts.Keys.Select(k => k.FileSystem).Distinct().Where(n => fileSystem == null || n == fileSystem)
                .OrderBy(Order).ToArray();
            string[] batchNames = _batchCuts.Keys.Select(k => k.FileSystem).Distinct().Where(n => fileSystem == null || n == fileSystem)
                .OrderBy(Order).ToArray();
            if (names.Length == 0 && sampleNames.Length == 0 && batchNames.Length == 0)
            {
                text.AppendLine("(no power-cut results in this run)");
            }
            else if (names.Length > 0)
            {
                AppendPowerCuts(text, names);
            }

            if (batchNames.Length > 0)
            {
                if (names.Length > 0)
                {
                    text.AppendLine();
                }

                AppendBatch(text, batchNames);
            }

            if (sampleNames.Length > 0)
            {
                if (names.Length + batchNames.Length > 0)
                {
                    text.AppendLine();
                }

                AppendSample(text, sampleNames);
            }

            if (fileSystem == null && names.Length > 0)
            {
                text.AppendLine();
                text.AppendLine("#### Operations");
                text.AppendLine();
                text.AppendLine("| operation | durable | naive | what is done, and what must hold after a crash |");
                text.AppendLine("| --- | --- | --- | --- |");
                foreach (OperationKind kind in OperationKind.All)
                {
                    text.AppendLine($"| {kind.Name} | `{kind.Durable}` | `{kind.Naive}` | {kind.Meaning} |");
                }
            }

            if (fileSystem == null && _notes.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("#### Fault injection");
                text.AppendLine();
                foreach (string note in _notes)
                {
                    text.AppendLine("- " + note);
                }
            }

            return text.ToString();
        }
    }

    private void AppendPowerCuts(StringBuilder text, string[] names)
    {
        text.AppendLine("| filesystem | power cuts (durable + naive) | operations checked | durable: acknowledged, **lost** | durable: not acknowledged (in flight), **damaged** | naive: acknowledged, **lost** |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (string name in names)
        {
            Tally durable = Sum(name, Mode.Durable);
            Tally naive = Sum(name, Mode.Naive);
            int checkedOperations = durable.Acknowledged + durable.NotAcknowledged + naive.Acknowledged + naive.NotAcknowledged;
            text.AppendLine(Invariant($"| {name} | {_cuts.GetValueOrDefault((name, Mode.Durable))} + {_cuts.GetValueOrDefault((name, Mode.Naive))} | {checkedOperations} | {durable.Acknowledged}, **{durable.Lost}** | {durable.NotAcknowledged} ({durable.InFlight}), **{durable.Violations}** | {naive.Acknowledged}, **{naive.Lost}** ({Percent(naive.Lost, naive.Acknowledged)}) |"));
        }

        foreach (string name in names)
        {
            text.AppendLine();
            text.AppendLine($"#### {name}");
            if (_fileSystems.TryGetValue(name, out string? description))
            {
                text.AppendLine();
                text.AppendLine(description);
            }

            text.AppendLine();
            text.AppendLine("| operation | durable: lost / acknowledged | durable: damaged / not acknowledged | durable: in flight at the cut → state after | naive: lost / acknowledged | naive: how it was lost |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- |");
            foreach (OperationKind kind in OperationKind.All)
            {
                if (!_tallies.TryGetValue((name, kind.Name, Mode.Durable), out Tally? durable))
                {
                    durable = new Tally();
                }

                if (!_tallies.TryGetValue((name, kind.Name, Mode.Naive), out Tally? naive))
                {
                    naive = new Tally();
                }

                if (durable.Acknowledged + durable.NotAcknowledged + naive.Acknowledged + naive.NotAcknowledged == 0)
                {
                    continue;
                }

                string how = string.Join(", ", naive.LossKinds.Select(k => $"{k.Key} {k.Value}"));
                string states = string.Join(", ", durable.InFlightStates.Select(k => $"{k.Key} {k.Value}"));
                text.AppendLine(Invariant($"| {kind.Name} | **{durable.Lost}** / {durable.Acknowledged} | **{durable.Violations}** / {durable.NotAcknowledged} | {states} | {naive.Lost} / {naive.Acknowledged} | {how} |"));
            }
        }
    }

    private void AppendBatch(StringBuilder text, string[] names)
    {
        OperationKind kind = OperationKind.Batch;
        string perFile = OperationWorkload.PerFile(kind);
        text.AppendLine("#### The group commit: DurableBatch against one File.WriteAllBytes per file");
        text.AppendLine();
        text.AppendLine($"`{kind.Durable}` against `{kind.Naive}`: {kind.Meaning}. "
            + "Counted by batch, and in parentheses by file. A batch is lost when one of its files is; "
            + "\"all old\" counts a new file that is still missing as old, \"not created\" names it.");
        text.AppendLine();
        text.AppendLine("| filesystem | power cuts (durable + naive) | durable: acknowledged, **lost** | durable: not acknowledged (in flight), **damaged** | durable: in flight at the cut → state after | naive: acknowledged, **lost** | naive: how it was lost | naive: in flight at the cut → state after |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (string name in names)
        {
            Tally durable = _batchTallies.GetValueOrDefault((name, kind.Name, Mode.Durable)) ?? new Tally();
            Tally durableFiles = _batchTallies.GetValueOrDefault((name, perFile, Mode.Durable)) ?? new Tally();
            Tally naive = _batchTallies.GetValueOrDefault((name, kind.Name, Mode.Naive)) ?? new Tally();
            Tally naiveFiles = _batchTallies.GetValueOrDefault((name, perFile, Mode.Naive)) ?? new Tally();
            string durableStates = string.Join(", ", durable.InFlightStates.Select(k => $"{k.Key} {k.Value}"));
            string naiveStates = string.Join(", ", naive.InFlightStates.Select(k => $"{k.Key} {k.Value}"));
            string how = string.Join(", ", naive.LossKinds.Select(k => $"{k.Key} {k.Value}"));
            text.Append(Invariant($"| {name} | {_batchCuts.GetValueOrDefault((name, Mode.Durable))} + {_batchCuts.GetValueOrDefault((name, Mode.Naive))} "));
            text.Append(Invariant($"| {durable.Acknowledged} ({durableFiles.Acknowledged}), **{durable.Lost}** ({durableFiles.Lost}) "));
            text.Append(Invariant($"| {durable.NotAcknowledged} ({durable.InFlight}), **{durable.Violations}** ({durableFiles.Violations}) | {durableStates} "));
            text.AppendLine(Invariant($"| {naive.Acknowledged} ({naiveFiles.Acknowledged}), **{naive.Lost}** ({naiveFiles.Lost}; {Percent(naiveFiles.Lost, naiveFiles.Acknowledged)}) | {how} | {naiveStates} |"));
        }

        text.AppendLine();
        foreach (string name in names)
        {
            if (_batchDescriptions.TryGetValue(name, out string? description))
            {
                text.AppendLine($"- {name}: {description}");
            }
        }
    }

    private void AppendSample(StringBuilder text, string[] names)
    {
        text.AppendLine("#### The sample application before and after `dotnet format`");
        text.AppendLine();
        text.AppendLine("samples/CommentStore as written (unsafe) and after `dotnet format analyzers --diagnostics DUR001 DUR002 DUR003 DUR004 DUR005 --severity warn` (fixed), "
            + "one process per command. An effect is one thing a command must leave on disk: the comment file, the line in the activity log, the moved file, settings.json, the stamp.");
        text.AppendLine();
        text.AppendLine("| filesystem | power cuts (unsafe + fixed) | unsafe: effects acknowledged, **lost** | fixed: effects acknowledged, **lost** | fixed: effects in flight, **damaged** |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (string name in names)
        {
            Tally unsafeApp = Sum(_sampleTallies.Where(t => t.Key.FileSystem == name && t.Key.Variant == SampleVariant.Unsafe).Select(t => t.Value));
            Tally fixedApp = Sum(_sampleTallies.Where(t => t.Key.FileSystem == name && t.Key.Variant == SampleVariant.Fixed).Select(t => t.Value));
            text.AppendLine(Invariant($"| {name} | {_sampleCuts.GetValueOrDefault((name, SampleVariant.Unsafe))} + {_sampleCuts.GetValueOrDefault((name, SampleVariant.Fixed))} | {unsafeApp.Acknowledged}, **{unsafeApp.Lost}** ({Percent(unsafeApp.Lost, unsafeApp.Acknowledged)}) | {fixedApp.Acknowledged}, **{fixedApp.Lost}** | {fixedApp.InFlight}, **{fixedApp.Violations}** |"));
        }

        foreach (string name in names)
        {
            text.AppendLine();
            text.AppendLine($"##### The sample application on {name}");
            if (_sampleDescriptions.TryGetValue(name, out string? description))
            {
                text.AppendLine();
                text.AppendLine(description);
            }

            text.AppendLine();
            text.AppendLine("| effect | unsafe: lost / acknowledged | unsafe: how it was lost | fixed: lost / acknowledged | fixed: damaged / in flight | fixed: in flight at the cut → state after |");
            text.AppendLine("| --- | --- | --- | --- | --- | --- |");
            IEnumerable<string> effects = CommentStorePlan.Effects.Concat(_sampleTallies.Keys.Where(k => k.FileSystem == name).Select(k => k.Effect)).Distinct();
            foreach (string effect in effects)
            {
                Tally unsafeApp = _sampleTallies.GetValueOrDefault((name, effect, SampleVariant.Unsafe)) ?? new Tally();
                Tally fixedApp = _sampleTallies.GetValueOrDefault((name, effect, SampleVariant.Fixed)) ?? new Tally();
                if (unsafeApp.Acknowledged + unsafeApp.NotAcknowledged + fixedApp.Acknowledged + fixedApp.NotAcknowledged == 0)
                {
                    continue;
                }

                string how = string.Join(", ", unsafeApp.LossKinds.Select(k => $"{k.Key} {k.Value}"));
                string states = string.Join(", ", fixedApp.InFlightStates.Select(k => $"{k.Key} {k.Value}"));
                text.AppendLine(Invariant($"| {effect} | {unsafeApp.Lost} / {unsafeApp.Acknowledged} | {how} | **{fixedApp.Lost}** / {fixedApp.Acknowledged} | **{fixedApp.Violations}** / {fixedApp.InFlight} | {states} |"));
            }
        }
    }

    /// <summary>Writes the whole report to artifacts/durability/durability.md (or DURABLE_RESULTS_FILE) and returns the path.</summary>
    public string WriteFile()
    {
        string path = Environment.GetEnvironmentVariable("DURABLE_RESULTS_FILE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot() ?? AppContext.BaseDirectory, "artifacts", "durability", "durability.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string content = "# Crash test results\n\n"
            + $"Written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on Linux {Environment.OSVersion.Version}, {Environment.ProcessorCount} cores.\n\n"
            + ToMarkdown();
        File.WriteAllText(path, content);
        return path;
    }

    private Tally TallyOf(string fileSystem, string operation, Mode mode)
    {
        if (!_tallies.TryGetValue((fileSystem, operation, mode), out Tally? tally))
        {
            tally = new Tally();
            _tallies[(fileSystem, operation, mode)] = tally;
        }

        return tally;
    }

    private Tally Sum(string fileSystem, Mode mode) =>
        Sum(_tallies.Where(t => t.Key.FileSystem == fileSystem && t.Key.Mode == mode).Select(t => t.Value));

    private static Tally Sum(IEnumerable<Tally> tallies)
    {
        var sum = new Tally();
        foreach (Tally tally in tallies)
        {
            sum.Acknowledged += tally.Acknowledged;
            sum.Lost += tally.Lost;
            sum.NotAcknowledged += tally.NotAcknowledged;
            sum.Violations += tally.Violations;
            sum.InFlight += tally.InFlight;
            sum.TemporaryFilesLeft += tally.TemporaryFilesLeft;
        }

        return sum;
    }

    private static int Order(string name) => name switch
    {
        "ext4" => 0,
        "ext4-writeback" => 1,
        "xfs" => 2,
        "btrfs" => 3,
        _ => 4,
    };

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string? RepositoryRoot() => Testing.RepositoryRoot.Find();
}
