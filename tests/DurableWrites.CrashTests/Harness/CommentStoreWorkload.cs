using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DurableWrites.CrashTests.Infrastructure;

namespace DurableWrites.CrashTests.Harness;

public enum SampleCommandKind
{
    Add,
    Approve,
    Settings,
}

/// <summary>One run of samples/CommentStore: <c>add author text</c>, <c>approve id</c> or <c>settings title</c>.</summary>
public sealed record SampleCommand(int Number, SampleCommandKind Kind, string Argument1, string Argument2 = "")
{
    public string Author => Argument1;

    public string Text => Argument2;

    public string Id => Argument1;

    public string Title => Argument1;

    public string Name => Kind.ToString().ToLowerInvariant();

    public string[] Arguments => Kind == SampleCommandKind.Add ? new[] { Name, Argument1, Argument2 } : new[] { Name, Argument1 };
}

/// <summary>A comment already in pending/ before the crash point, flushed to disk: what the approvals move.</summary>
public sealed record PreparedComment(string Id, string Author, string Text);

/// <summary>
/// A crash point for the sample application: a data directory as the application leaves it (comments waiting in
/// pending/, settings, a stamp, an activity log), flushed; then a shell runs the application once per command, as a
/// server or a script would, on that directory: new comments (a new file in pending/ and a line in the log),
/// approvals (a move to approved/ and a line in the log) and settings changes (the hand-made "temporary file, then
/// rename" replace, and the stamp beside it). It prints <c>BEGIN n</c> before the n-th command; the application
/// prints the new comment's id (add) and <c>ACK</c> when the command returned.
/// After the cut, every command acknowledged must have its whole effect on disk.
/// </summary>
public sealed partial class CommentStorePlan
{
    public const string InitialTitle = "Comments as of yesterday";
    public const string OldStamp = "2000-01-01T00:00:00.0000000Z";
    private const string OldLog = OldStamp + " store opened\n";

    private CommentStorePlan(IReadOnlyList<PreparedComment> prepared, IReadOnlyList<SampleCommand> commands)
    {
        Prepared = prepared;
        Commands = commands;
    }

    public IReadOnlyList<PreparedComment> Prepared { get; }

    public IReadOnlyList<SampleCommand> Commands { get; }

    /// <summary>The effects checked, in the order of the report.</summary>
    public static readonly string[] Effects =
    {
        "add: comment file", "add: activity log line", "approve: moved to approved/", "approve: activity log line",
        "settings: settings.json", "settings: stamp file",
    };

    /// <summary><paramref name="adds"/> new comments (0.1 to 6 KiB), <paramref name="approvals"/> approvals and <paramref name="settingsChanges"/> settings changes in a random order.</summary>
    public static CommentStorePlan Create(int seed, int adds, int approvals, int settingsChanges)
    {
        var random = new Random(seed);
        var prepared = Enumerable.Range(1, approvals)
            .Select(i => new PreparedComment($"prepared{i:00}", $"reader{i}", Content.Text($"prepared comment {i}", random.Next(100, 3000), random)))
            .ToArray();
        var kinds = Enumerable.Repeat(SampleCommandKind.Add, adds)
            .Concat(Enumerable.Repeat(SampleCommandKind.Approve, approvals))
            .Concat(Enumerable.Repeat(SampleCommandKind.Settings, settingsChanges))
            .OrderBy(_ => random.Next())
            .ToArray();
        var commands = new List<SampleCommand>();
        int approved = 0;
        for (int i = 0; i < kinds.Length; i++)
        {
            int number = i + 1;
            commands.Add(kinds[i] switch
            {
                SampleCommandKind.Add => new SampleCommand(number, SampleCommandKind.Add, $"author{number}",
                    Content.Text($"comment of command {number}", random.Next(4) == 0 ? random.Next(2048, 6144) : random.Next(100, 1024), random)),
                SampleCommandKind.Approve => new SampleCommand(number, SampleCommandKind.Approve, prepared[approved++].Id),
                _ => new SampleCommand(number, SampleCommandKind.Settings, $"Title of command {number}"),
            });
        }

        return new CommentStorePlan(prepared, commands);
    }

    /// <summary>This plan as a workload running the application at <paramref name="assembly"/>.</summary>
    public CommandWorkload Workload(string assembly) => new(Prepare, (directory, scratch) => CreateProcess(assembly, directory, scratch), Check);

    /// <summary>Cut right after the application acknowledged the last command.</summary>
    public CutPolicy AfterLastAck()
    {
        int acks = 0;
        return CutPolicy.AfterLine($"after the ACK of command {Commands.Count} (the last)", line => line == "ACK" && ++acks == Commands.Count);
    }

    /// <summary>Cut <paramref name="delay"/> after the shell started command <paramref name="number"/>: while that process starts, writes or exits.</summary>
    public CutPolicy MidCommand(int number, TimeSpan delay) =>
        CutPolicy.AfterLine($"{delay.TotalMilliseconds:0} ms into command {number} ({Commands[number - 1].Name})", line => line == $"BEGIN {number}", delay);

    private void Prepare(string directory)
    {
        foreach (string sub in new[] { "pending", "approved", "cache" })
        {
            Directory.CreateDirectory(Path.Combine(directory, sub));
        }

        foreach (PreparedComment comment in Prepared)
        {
            File.WriteAllBytes(Path.Combine(directory, "pending", comment.Id + ".comment"), CommentBytes(comment.Author, comment.Text));
        }

        File.WriteAllText(Path.Combine(directory, "settings.json"), SettingsJson(InitialTitle));
        File.WriteAllText(Path.Combine(directory, "settings.json.stamp"), OldStamp);
        File.WriteAllText(Path.Combine(directory, "activity.log"), OldLog);
    }

    private ProcessStartInfo CreateProcess(string assembly, string directory, string scratch)
    {
        var script = new StringBuilder("# $1: dotnet, $2: the application, $3: its data directory\n");
        foreach (SampleCommand command in Commands)
        {
            script.Append(CultureInfo.InvariantCulture, $"echo 'BEGIN {command.Number}'\n");
            script.Append("\"$1\" \"$2\" \"$3\"");
            foreach (string argument in command.Arguments)
            {
                if (argument.Contains('\'', StringComparison.Ordinal) || argument.Contains('\n', StringComparison.Ordinal))
                {
                    throw new ArgumentException($"'{argument}' cannot be quoted for the shell here.");
                }

                script.Append(" '").Append(argument).Append('\'');
            }

            script.Append(CultureInfo.InvariantCulture, $" || {{ echo \"FAILED {command.Number} $?\"; exit 1; }}\n");
        }

        string path = Path.Combine(scratch, $"commands-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, script.ToString());
        var start = new ProcessStartInfo(Tools.Find("sh") ?? "/bin/sh") { WorkingDirectory = "/" };
        foreach (string argument in new[] { path, WorkloadCommand.DotNet, assembly, directory })
        {
            start.ArgumentList.Add(argument);
        }

        // No diagnostics socket in /tmp and no telemetry: each process does only its command.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    /// <summary>What the lines of the shell and the application say: which commands began, which were acknowledged, the ids of new comments.</summary>
    private sealed class Transcript
    {
        public HashSet<int> Begun { get; } = new();

        public HashSet<int> Acknowledged { get; } = new();

        public Dictionary<int, string> Ids { get; } = new();

        public List<string> Failures { get; } = new();

        public static Transcript Read(CrashObservation observation)
        {
            var transcript = new Transcript();
            int current = 0;
            foreach ((string line, bool beforeCut) in observation.LinesBeforeCut.Select(l => (l, true)).Concat(observation.LinesAfterCut.Select(l => (l, false))))
            {
                if (line.StartsWith("BEGIN ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
                {
                    current = number;
                    if (beforeCut)
                    {
                        transcript.Begun.Add(number);
                    }
                }
                else if (line == "ACK")
                {
                    if (beforeCut && current > 0)
                    {
                        transcript.Acknowledged.Add(current);
                    }
                }
                else if (IdPattern().IsMatch(line) && current > 0)
                {
                    // Printed just before the ACK; also taken after the cut, to know whose file an unacknowledged add left.
                    transcript.Ids[current] = line;
                }
                else if (line.StartsWith("FAILED ", StringComparison.Ordinal) && beforeCut)
                {
                    transcript.Failures.Add(line);
                }
            }

            return transcript;
        }
    }

    private IReadOnlyList<OperationOutcome> Check(string directory, CrashObservation observation)
    {
        var transcript = Transcript.Read(observation);
        // A command that failed before the cut is a broken setup, not a crash result. (A shell that finished before
        // a cut into a late command is not: then the power was cut right after its exit, with every command acknowledged.)
        if (transcript.Failures.Count > 0 || (!observation.CutByPolicy && observation.ExitCode != 0))
        {
            throw new InvalidOperationException(
                $"The application failed before the power cut (exit code {observation.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): "
                + $"{string.Join(" | ", observation.LinesBeforeCut.TakeLast(6))}\n{observation.StandardError}");
        }

        foreach (SampleCommand command in Commands.Where(c => c.Kind == SampleCommandKind.Add && transcript.Acknowledged.Contains(c.Number)))
        {
            if (!transcript.Ids.ContainsKey(command.Number))
            {
                throw new InvalidOperationException($"Command {command.Number} (add) was acknowledged without printing the new comment's id: "
                    + string.Join(" | ", observation.LinesBeforeCut));
            }
        }

        var view = new CrashView(directory);
        var outcomes = new List<OperationOutcome>();
        string log = ReadText(view, "activity.log") ?? "";
        string[] logLines = log.Split('\n');
        if (!log.StartsWith(OldLog, StringComparison.Ordinal))
        {
            outcomes.Add(new OperationOutcome("activity log", false, Verdict.Violation, "the lines written before the crash point are damaged: " + Shorten(log)));
        }

        // Files in pending/ that are neither prepared nor an acknowledged comment: what an add in flight may have left.
        var known = new HashSet<string>(Prepared.Select(p => p.Id).Concat(transcript.Ids.Values).Select(id => id + ".comment"), StringComparer.Ordinal);
        string[] strays = Directory.EnumerateFiles(Path.Combine(directory, "pending")).Select(Path.GetFileName)
            .Where(name => !known.Contains(name!)).Select(name => name!).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        SampleCommand? inFlight = Commands.SingleOrDefault(c => transcript.Begun.Contains(c.Number) && !transcript.Acknowledged.Contains(c.Number));
        bool strayClaimed = false;

        foreach (SampleCommand command in Commands)
        {
            bool acknowledged = transcript.Acknowledged.Contains(command.Number);
            bool begun = transcript.Begun.Contains(command.Number);
            switch (command.Kind)
            {
                case SampleCommandKind.Add when begun:
                {
                    byte[] expected = CommentBytes(command.Author, command.Text);
                    string? name = transcript.Ids.TryGetValue(command.Number, out string? id) ? $"{id}.comment"
                        : strays.Length == 1 ? strays[0] : null;
                    strayClaimed |= name != null && strays.Contains(name);
                    byte[]? actual = name == null ? null : view.Read(Path.Combine("pending", name));
                    string state = Content.Describe(actual, null, expected);
                    outcomes.Add(new OperationOutcome("add: comment file", acknowledged,
                        acknowledged ? (Content.Equal(actual, expected) ? Verdict.Done : Verdict.Lost) : Verdict.Allowed,
                        // A new file, written in place: until the add is acknowledged any state is allowed.
                        state, InFlight: !acknowledged));
                    bool logged = id != null && logLines.Any(l => l.EndsWith($" added {id} by {command.Author}", StringComparison.Ordinal));
                    outcomes.Add(new OperationOutcome("add: activity log line", acknowledged,
                        acknowledged ? (logged ? Verdict.Done : Verdict.Lost) : Verdict.Allowed, logged ? "line there" : "line missing", InFlight: !acknowledged));
                    break;
                }

                case SampleCommandKind.Approve:
                {
                    PreparedComment comment = Prepared.Single(p => p.Id == command.Id);
                    (Verdict verdict, string state) = Moved(view, comment, acknowledged);
                    if (begun)
                    {
                        outcomes.Add(new OperationOutcome("approve: moved to approved/", acknowledged, verdict, state, InFlight: !acknowledged));
                        bool logged = logLines.Any(l => l.EndsWith($" approved {command.Id}", StringComparison.Ordinal));
                        outcomes.Add(new OperationOutcome("approve: activity log line", acknowledged,
                            acknowledged ? (logged ? Verdict.Done : Verdict.Lost) : Verdict.Allowed, logged ? "line there" : "line missing", InFlight: !acknowledged));
                    }
                    else if (state != "in pending/ only")
                    {
                        outcomes.Add(new OperationOutcome("approve: moved to approved/", false, Verdict.Violation, $"{state}, but the approval never began"));
                    }

                    break;
                }

                case SampleCommandKind.Settings when begun:
                    outcomes.Add(CheckSettings(view, command, transcript));
                    outcomes.Add(CheckStamp(view, acknowledged, inFlight));
                    break;
            }
        }

        if (strays.Length > 1 || (strays.Length == 1 && !strayClaimed))
        {
            outcomes.Add(new OperationOutcome("add: comment file", false, Verdict.Violation,
                $"comment files in pending/ that no add in flight can have left: {string.Join(", ", strays)}"));
        }

        return outcomes;
    }

    /// <summary>
    /// settings.json after a settings command: once acknowledged, the title of this command or of a later one that
    /// began; never empty or unreadable; and no settings.json.tmp left once the last settings change was acknowledged.
    /// </summary>
    private OperationOutcome CheckSettings(CrashView view, SampleCommand command, Transcript transcript)
    {
        bool acknowledged = transcript.Acknowledged.Contains(command.Number);
        SampleCommand[] begunSettings = Commands.Where(c => c.Kind == SampleCommandKind.Settings && transcript.Begun.Contains(c.Number)).ToArray();
        byte[]? actual = view.Read("settings.json");
        string? title = TitleOf(actual);
        string state = actual == null ? "missing" : actual.Length == 0 ? "empty" : title == null ? $"unreadable ({actual.Length} bytes)"
            : title == command.Title ? "new title"
            : begunSettings.Any(c => c.Number > command.Number && c.Title == title) ? "a later title"
            : "old title";
        bool tmpLeft = view.Read("settings.json.tmp") != null;
        bool lastBegun = begunSettings.Last().Number == command.Number;
        if (acknowledged)
        {
            if (state is not ("new title" or "a later title"))
            {
                return new OperationOutcome("settings: settings.json", true, Verdict.Lost, title == null ? state : $"{state} ('{title}')");
            }

            return tmpLeft && lastBegun
                ? new OperationOutcome("settings: settings.json", true, Verdict.Lost, "settings.json.tmp left beside it")
                : new OperationOutcome("settings: settings.json", true, Verdict.Done, state);
        }

        // In flight: the file holds a title the application wrote (this one or an earlier one), never anything else.
        bool known = title == InitialTitle || Commands.Any(c => c.Kind == SampleCommandKind.Settings && c.Number <= command.Number && c.Title == title);
        return new OperationOutcome("settings: settings.json", false, known ? Verdict.Allowed : Verdict.Violation,
            (title == null ? state : state == "new title" ? "new title" : "old title") + (tmpLeft ? " + settings.json.tmp" : ""), InFlight: true);
    }

    /// <summary>The stamp beside the settings: once acknowledged, a time of this run; never empty or unreadable.</summary>
    private static OperationOutcome CheckStamp(CrashView view, bool acknowledged, SampleCommand? inFlight)
    {
        byte[]? actual = view.Read("settings.json.stamp");
        string text = actual == null ? "" : Encoding.UTF8.GetString(actual);
        bool parsed = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime stamp);
        string state = actual == null ? "missing" : actual.Length == 0 ? "empty" : !parsed ? $"unreadable ({actual.Length} bytes)"
            : text == OldStamp ? "old stamp" : "a stamp of this run";
        string[] leftovers = view.TemporaryFilesOf("settings.json.stamp").ToArray();
        if (acknowledged)
        {
            if (state != "a stamp of this run")
            {
                return new OperationOutcome("settings: stamp file", true, Verdict.Lost, state);
            }

            // A temporary file of the runtime for the stamp is allowed only while a later settings change is in flight.
            return leftovers.Length > 0 && inFlight?.Kind != SampleCommandKind.Settings
                ? new OperationOutcome("settings: stamp file", true, Verdict.Violation, "temporary file left: " + string.Join(", ", leftovers), TemporaryFileLeft: true)
                : new OperationOutcome("settings: stamp file", true, Verdict.Done, state, leftovers.Length > 0);
        }

        return new OperationOutcome("settings: stamp file", false, parsed ? Verdict.Allowed : Verdict.Violation,
            state, leftovers.Length > 0, InFlight: true);
    }

    /// <summary>An approval: once acknowledged, the comment in approved/ only; before, under one of the two names, intact.</summary>
    private static (Verdict, string) Moved(CrashView view, PreparedComment comment, bool acknowledged)
    {
        byte[] data = CommentBytes(comment.Author, comment.Text);
        byte[]? pending = view.Read(Path.Combine("pending", comment.Id + ".comment"));
        byte[]? approved = view.Read(Path.Combine("approved", comment.Id + ".comment"));
        bool inPending = Content.Equal(pending, data);
        bool inApproved = Content.Equal(approved, data);
        string state = (inPending, inApproved) switch
        {
            (false, true) when pending == null => "in approved/ only",
            (true, false) when approved == null => "in pending/ only",
            (true, true) => "in both",
            _ => $"pending/: {Content.Describe(pending, data, data)}, approved/: {Content.Describe(approved, null, data)}",
        };
        if (acknowledged)
        {
            return (state == "in approved/ only" ? Verdict.Done : Verdict.Lost, state);
        }

        return (state is "in approved/ only" or "in pending/ only" or "in both" ? Verdict.Allowed : Verdict.Violation, state);
    }

    /// <summary>What the application writes for a comment: StreamWriter(Encoding.UTF8), so a byte order mark, the author, a newline, the text.</summary>
    private static byte[] CommentBytes(string author, string text) =>
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(author + "\n" + text)).ToArray();

    private static string SettingsJson(string title) => $"{{\"Title\":\"{title}\",\"Moderation\":true,\"MaxLength\":2000}}";

    private static string? TitleOf(byte[]? json)
    {
        if (json == null || json.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("Title", out var title) && title.ValueKind == System.Text.Json.JsonValueKind.String ? title.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? ReadText(CrashView view, string name) => view.Read(name) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    [GeneratedRegex(@"^\d{21}-[0-9a-f]{8}$")]
    private static partial Regex IdPattern();
}
