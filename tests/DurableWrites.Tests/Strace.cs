using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DurableWrites.Tests;

/// <summary>One file-system syscall of the traced child, reduced to what durability depends on.</summary>
public sealed record FsCall(string Kind, string Path, string? Target = null, string Flags = "")
{
    public override string ToString() => Target is null ? $"{Kind}({Path}{(Flags.Length > 0 ? ", " + Flags : "")})" : $"{Kind}({Path} -> {Target})";
}

/// <summary>
/// Runs the workload under <c>strace -f</c> and turns its log into the ordered file-system calls on paths below
/// one directory: opens (with flags), writes, fsyncs, renames, links, unlinks and mkdirs, with descriptors
/// resolved to the paths they were opened on.
/// </summary>
public static class Strace
{
    private const string TracedCalls = "trace=open,openat,creat,write,pwrite64,writev,pwritev,pwritev2,fsync,fdatasync,sync,syncfs,"
        + "rename,renameat,renameat2,link,linkat,unlink,unlinkat,mkdir,mkdirat,close,ftruncate,fallocate";

    private static readonly Regex Line = new(@"^(?<pid>\d+)\s+(?<call>\w+)\((?<args>.*)\)\s+=\s+(?<result>-?\d+)", RegexOptions.Compiled);
    private static readonly Regex Unfinished = new(@"^(?<pid>\d+)\s+(?<head>.*)<unfinished \.\.\.>$", RegexOptions.Compiled);
    private static readonly Regex Resumed = new(@"^(?<pid>\d+)\s+<\.\.\. \w+ resumed>(?<tail>.*)$", RegexOptions.Compiled);
    private static readonly Regex QuotedString = new("\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.Compiled);

    public static bool Available => SystemTest.IsLinux && SystemTest.HasCommand("strace");

    public static string WorkloadPath => Path.Combine(AppContext.BaseDirectory, "DurableWrites.Workload.dll");

    /// <summary>Traces one workload operation; returns the calls on paths under <paramref name="root"/>, in order.</summary>
    public static IReadOnlyList<FsCall> Trace(string root, params string[] workloadArguments)
    {
        string log = Path.Combine(Path.GetTempPath(), $"durable-strace-{Guid.NewGuid():N}.log");
        try
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var arguments = new List<string> { "-f", "-qq", "-e", TracedCalls, "-o", log, dotnet, WorkloadPath };
            arguments.AddRange(workloadArguments);
            (int exitCode, string stdOut, string stdErr) = SystemTest.Run("strace", arguments.ToArray());
            if (exitCode != 0 || !stdOut.Contains("ACK"))
            {
                throw new InvalidOperationException($"workload {string.Join(" ", workloadArguments)} failed ({exitCode}): {stdOut} {stdErr}");
            }

            return Parse(File.ReadAllLines(log), root);
        }
        finally
        {
            File.Delete(log);
        }
    }

    public static IReadOnlyList<FsCall> Parse(IEnumerable<string> lines, string root)
    {
        var openFiles = new Dictionary<string, string>();
        var pending = new Dictionary<string, string>();
        var calls = new List<FsCall>();
        string prefix = root.TrimEnd('/') + "/";
        bool Mine(string path) => path == root.TrimEnd('/') || path.StartsWith(prefix, StringComparison.Ordinal);

        foreach (string raw in lines)
        {
            string line = raw;
            Match unfinished = Unfinished.Match(line);
            if (unfinished.Success)
            {
                pending[unfinished.Groups["pid"].Value] = unfinished.Groups["head"].Value;
                continue;
            }

            Match resumed = Resumed.Match(line);
            if (resumed.Success && pending.Remove(resumed.Groups["pid"].Value, out string? head))
            {
                line = resumed.Groups["pid"].Value + " " + head + resumed.Groups["tail"].Value;
            }

            Match match = Line.Match(line);
            if (!match.Success)
            {
                continue;
            }

            string call = match.Groups["call"].Value;
            string args = match.Groups["args"].Value;
            long result = long.Parse(match.Groups["result"].Value);
            string[] paths = QuotedString.Matches(args).Select(m => Regex.Unescape(m.Groups[1].Value)).ToArray();
            string firstArgument = args.Split(',')[0].Trim();

            switch (call)
            {
                case "open" or "openat" or "creat" when result >= 0 && paths.Length > 0:
                    openFiles[result.ToString()] = paths[0];
                    if (Mine(paths[0]))
                    {
                        string flags = args.Substring(args.IndexOf('"', args.IndexOf('"') + 1) + 1).TrimStart(',', ' ');
                        calls.Add(new FsCall("open", paths[0], Flags: flags));
                    }

                    break;
                case "close":
                    openFiles.Remove(firstArgument);
                    break;
                case "write" or "pwrite64" or "writev" or "pwritev" or "pwritev2" or "fsync" or "fdatasync" or "ftruncate" or "fallocate"
                    when result >= 0 && openFiles.TryGetValue(firstArgument, out string? file) && Mine(file):
                    string kind = call is "fsync" or "fdatasync" ? "fsync" : call is "ftruncate" or "fallocate" ? call : "write";
                    calls.Add(new FsCall(kind, file));
                    break;
                case "rename" or "renameat" or "renameat2" or "link" or "linkat" when result == 0 && paths.Length == 2 && (Mine(paths[0]) || Mine(paths[1])):
                    calls.Add(new FsCall(call.StartsWith("link", StringComparison.Ordinal) ? "link" : "rename", paths[0], paths[1]));
                    break;
                case "unlink" or "unlinkat" when result == 0 && paths.Length == 1 && Mine(paths[0]):
                    calls.Add(new FsCall("unlink", paths[0]));
                    break;
                case "mkdir" or "mkdirat" when result == 0 && paths.Length == 1 && Mine(paths[0]):
                    calls.Add(new FsCall("mkdir", paths[0]));
                    break;
                case "sync" or "syncfs":
                    calls.Add(new FsCall(call, ""));
                    break;
            }
        }

        return calls;
    }
}

/// <summary>
/// Checks that a trace contains the steps of a durable sequence in order: each step is matched at or after the
/// previous one, and a step may also require that nothing of a kind happens in between (no write after the flush).
/// The failure message prints the whole trace.
/// </summary>
public sealed class SequenceCheck
{
    private readonly IReadOnlyList<FsCall> _calls;
    private int _position;

    public SequenceCheck(IReadOnlyList<FsCall> calls) => _calls = calls;

    public string Trace => string.Join(Environment.NewLine, _calls.Select((c, i) => $"  {i,3} {c}"));

    /// <summary>
    /// Finds the next call matching <paramref name="step"/>; returns it, or throws naming the missing step.
    /// With <paramref name="unless"/>, a matching call met before the step is a mismatch too.
    /// </summary>
    public FsCall Then(string description, Func<FsCall, bool> step, Func<FsCall, bool>? unless = null)
    {
        for (int i = _position; i < _calls.Count; i++)
        {
            if (step(_calls[i]))
            {
                _position = i + 1;
                return _calls[i];
            }

            if (unless != null && unless(_calls[i]))
            {
                throw new SequenceMismatchException($"before step '{description}', unexpected call {i}: {_calls[i]}{Environment.NewLine}trace:{Environment.NewLine}{Trace}");
            }
        }

        throw new SequenceMismatchException($"missing step after call {_position}: {description}{Environment.NewLine}trace:{Environment.NewLine}{Trace}");
    }

    /// <summary>Asserts that no call from here on matches <paramref name="forbidden"/>.</summary>
    public void NothingAfter(string description, Func<FsCall, bool> forbidden)
    {
        for (int i = _position; i < _calls.Count; i++)
        {
            if (forbidden(_calls[i]))
            {
                throw new SequenceMismatchException($"unexpected at call {i}: {description}{Environment.NewLine}trace:{Environment.NewLine}{Trace}");
            }
        }
    }
}

public sealed class SequenceMismatchException : Exception
{
    public SequenceMismatchException(string message)
        : base(message)
    {
    }
}
