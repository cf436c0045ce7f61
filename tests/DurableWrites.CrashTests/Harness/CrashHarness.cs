using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using DurableWrites.CrashTests.Infrastructure;

namespace DurableWrites.CrashTests.Harness;

/// <summary>
/// Something to crash: it prepares an old state, runs as a child process that reports its progress on standard
/// output, and afterwards checks what survived. The workload of operations (<see cref="OperationWorkload"/>) is one;
/// any program whose output says when it has saved can be another (see <see cref="CommandWorkload"/>).
/// </summary>
public interface ICrashWorkload
{
    /// <summary>Creates the old state in <paramref name="directory"/>; the harness then flushes the whole filesystem.</summary>
    void Prepare(string directory);

    /// <summary>The child process. <paramref name="scratch"/> is a directory outside the crashed filesystem.</summary>
    ProcessStartInfo CreateProcess(string directory, string scratch);

    /// <summary>Checks <paramref name="directory"/> after the crash, knowing what the child had said before the power went.</summary>
    IReadOnlyList<OperationOutcome> Check(string directory, CrashObservation observation);
}

/// <summary>A workload made of a command and two callbacks, for programs other than the test workload.</summary>
public sealed class CommandWorkload : ICrashWorkload
{
    private readonly Action<string> _prepare;
    private readonly Func<string, string, ProcessStartInfo> _createProcess;
    private readonly Func<string, CrashObservation, IReadOnlyList<OperationOutcome>> _check;

    public CommandWorkload(Action<string> prepare, Func<string, string, ProcessStartInfo> createProcess,
        Func<string, CrashObservation, IReadOnlyList<OperationOutcome>> check)
    {
        _prepare = prepare;
        _createProcess = createProcess;
        _check = check;
    }

    public void Prepare(string directory) => _prepare(directory);

    public ProcessStartInfo CreateProcess(string directory, string scratch) => _createProcess(directory, scratch);

    public IReadOnlyList<OperationOutcome> Check(string directory, CrashObservation observation) => _check(directory, observation);
}

/// <summary>When to cut the power, judged on each line the child prints.</summary>
public sealed class CutPolicy
{
    private readonly Func<string, bool> _trigger;
    private readonly Func<TimeSpan>? _delayAtTrigger;

    private CutPolicy(string description, Func<string, bool> trigger, TimeSpan delay, Func<TimeSpan>? delayAtTrigger = null)
    {
        Description = description;
        _trigger = trigger;
        Delay = delay;
        _delayAtTrigger = delayAtTrigger;
    }

    public string Description { get; }

    /// <summary>How long to wait after the triggering line (spinning, for sub-millisecond precision); see <see cref="DelayAtTrigger"/>.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Right after the child acknowledges its <paramref name="operation"/>-th operation ("ACK n"), plus <paramref name="delay"/>.</summary>
    public static CutPolicy AfterAck(int operation, TimeSpan delay = default) =>
        new($"after ACK {operation}" + (delay > TimeSpan.Zero ? $" + {delay.TotalMilliseconds:0.###} ms" : ""),
            line => line == $"ACK {operation}", delay);

    /// <summary>Right after a line that matches <paramref name="trigger"/>, plus <paramref name="delay"/>.</summary>
    public static CutPolicy AfterLine(string description, Func<string, bool> trigger, TimeSpan delay = default) =>
        new(description, trigger, delay);

    /// <summary>
    /// Right after the child acknowledges its <paramref name="operation"/>-th operation, plus <paramref name="fraction"/>
    /// of the time that operation took (from its "BEGIN n" to its "ACK n", as read here): a cut into the next operation,
    /// if it takes about as long, whatever the speed of the machine.
    /// </summary>
    public static CutPolicy IntoNextOperation(int operation, double fraction)
    {
        Stopwatch? clock = null;
        TimeSpan took = TimeSpan.Zero;
        return new CutPolicy(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"after ACK {operation} + {fraction:0.00} × the time operation {operation} took"),
            line =>
            {
                if (line == $"BEGIN {operation}")
                {
                    clock = Stopwatch.StartNew();
                }
                else if (line == $"ACK {operation}")
                {
                    took = clock?.Elapsed ?? TimeSpan.Zero;
                    return true;
                }

                return false;
            },
            TimeSpan.Zero,
            () => took * fraction);
    }

    internal bool IsTriggeredBy(string line) => _trigger(line);

    /// <summary>The delay after the triggering line: <see cref="Delay"/>, or one computed from what the child printed before.</summary>
    internal TimeSpan DelayAtTrigger() => _delayAtTrigger?.Invoke() ?? Delay;
}

/// <summary>What the harness saw of the child up to the power cut, and after it.</summary>
public sealed class CrashObservation
{
    public CrashObservation(IReadOnlyList<string> linesBeforeCut, IReadOnlyList<string> linesAfterCut, bool cutByPolicy, int? exitCode, string standardError)
    {
        LinesBeforeCut = linesBeforeCut;
        LinesAfterCut = linesAfterCut;
        CutByPolicy = cutByPolicy;
        ExitCode = exitCode;
        StandardError = standardError;
        Acknowledged = new HashSet<int>(Numbers(linesBeforeCut, "ACK "));
        Begun = new HashSet<int>(Numbers(linesBeforeCut, "BEGIN "));
    }

    /// <summary>The lines read before the power was cut: what a user of the program had been told.</summary>
    public IReadOnlyList<string> LinesBeforeCut { get; }

    /// <summary>Lines read after the cut (the child is killed right after it).</summary>
    public IReadOnlyList<string> LinesAfterCut { get; }

    /// <summary>True when the cut came from the policy; false when the child ended first and the cut followed its exit.</summary>
    public bool CutByPolicy { get; }

    /// <summary>The child's exit code when it ended by itself before the kill, otherwise null.</summary>
    public int? ExitCode { get; }

    public string StandardError { get; }

    /// <summary>The numbers n of the "ACK n" lines read before the cut.</summary>
    public ISet<int> Acknowledged { get; }

    /// <summary>The numbers n of the "BEGIN n" lines read before the cut: with no ACK, the operation was in flight when the power went.</summary>
    public ISet<int> Begun { get; }

    private static IEnumerable<int> Numbers(IEnumerable<string> lines, string prefix)
    {
        foreach (string line in lines)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(line.AsSpan(prefix.Length), out int number))
            {
                yield return number;
            }
        }
    }
}

/// <summary>
/// One crash point: prepare the old state and flush it, start the child, cut the power when the policy says so
/// (FS_IOC_SHUTDOWN with NOLOGFLUSH), kill the child, unmount, mount again (journal or log recovery), then check.
/// </summary>
public static class CrashHarness
{
    public static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(120);

    public static IReadOnlyList<OperationOutcome> RunCrashPoint(LoopFileSystem fileSystem, string directoryName, ICrashWorkload workload, CutPolicy policy)
    {
        string directory = Path.Combine(fileSystem.Root, directoryName);
        Directory.CreateDirectory(directory);
        workload.Prepare(directory);
        fileSystem.SyncAll();

        CrashObservation observation = RunAndCut(fileSystem, workload.CreateProcess(directory, fileSystem.Scratch), policy);
        fileSystem.Remount();
        IReadOnlyList<OperationOutcome> outcomes = workload.Check(directory, observation);

        // Room for the next crash point; its own flush makes this removal durable.
        Directory.Delete(directory, recursive: true);
        return outcomes;
    }

    /// <summary>Runs the child until the policy cuts the power (or the child ends, and then cuts), and kills it.</summary>
    public static CrashObservation RunAndCut(LoopFileSystem fileSystem, ProcessStartInfo start, CutPolicy policy)
    {
        var gate = new object();
        int linesBeforeCut = -1;
        bool cutByPolicy = false;
        bool triggered = false;
        Thread? cutter = null;
        Exception? cutFailure = null;
        var lines = new List<string>();

        void Cut(bool byPolicy)
        {
            lock (gate)
            {
                if (linesBeforeCut >= 0 || cutFailure != null)
                {
                    return;
                }

                try
                {
                    fileSystem.CutPower();
                }
                catch (Exception exception)
                {
                    // Reported by the waiting loop below: this may run on the reader's or the cutter's thread.
                    cutFailure = exception;
                    return;
                }

                linesBeforeCut = lines.Count;
                cutByPolicy = byPolicy;
            }
        }

        void JoinCutter()
        {
            Thread? pending;
            lock (gate)
            {
                pending = cutter;
            }

            pending?.Join();
        }

        void OnLine(string line)
        {
            lock (gate)
            {
                lines.Add(line);
                if (triggered || !policy.IsTriggeredBy(line))
                {
                    return;
                }

                triggered = true;
                TimeSpan delay = policy.DelayAtTrigger();
                if (delay <= TimeSpan.Zero)
                {
                    Cut(byPolicy: true);
                    return;
                }

                // Wait on another thread, so that the lines the child prints meanwhile are read, and counted as before the cut.
                cutter = new Thread(() =>
                {
                    SpinFor(delay);
                    Cut(byPolicy: true);
                }) { IsBackground = true, Name = "power cut" };
                cutter.Start();
            }
        }

        int? exitCode = null;
        string standardError;
        using (ChildProcess child = ChildProcess.Start(start, OnLine))
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                lock (gate)
                {
                    if (cutFailure != null)
                    {
                        throw new InvalidOperationException("Cutting the power failed: " + cutFailure.Message, cutFailure);
                    }

                    if (linesBeforeCut >= 0)
                    {
                        break;
                    }
                }

                if (child.HasExited)
                {
                    // Let the reader deliver the last lines (the trigger may be among them), then cut if it was not.
                    child.WaitForExit(ChildTimeout);
                    JoinCutter();
                    Cut(byPolicy: false);
                    if (cutFailure != null)
                    {
                        throw new InvalidOperationException("Cutting the power failed: " + cutFailure.Message, cutFailure);
                    }

                    exitCode = child.ExitCode;
                    break;
                }

                if (clock.Elapsed > ChildTimeout)
                {
                    throw new TimeoutException($"The child never reached the cut ({policy.Description}) within {ChildTimeout.TotalSeconds:0} s. "
                        + $"Output: {string.Join(" | ", child.Lines.TakeLast(5))}; errors: {child.StandardError}");
                }

                Thread.Sleep(1);
            }

            child.Kill();
            standardError = child.StandardError;
        }

        JoinCutter();

        lock (gate)
        {
            return new CrashObservation(lines.Take(linesBeforeCut).ToArray(), lines.Skip(linesBeforeCut).ToArray(), cutByPolicy, exitCode, standardError);
        }
    }

    private static void SpinFor(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < delay)
        {
            Thread.SpinWait(20);
        }
    }
}
