using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DurableWrites.CrashTests.Infrastructure;

namespace DurableWrites.CrashTests.Harness;

/// <summary>
/// A list of planned operations, each on names of its own, run by the workload's stream mode (one child, one line a
/// operation, "ACK n" after each) in one mode: all durable or all naive.
/// </summary>
public sealed class OperationWorkload : ICrashWorkload
{
    private readonly List<(OperationKind Kind, OperationPlan Plan)> _operations = new();

    public OperationWorkload(Mode mode) => Mode = mode;

    public Mode Mode { get; }

    public int Count => _operations.Count;

    public IReadOnlyList<OperationKind> Kinds => _operations.Select(o => o.Kind).ToArray();

    public void Add(OperationKind kind, OperationPlan plan) => _operations.Add((kind, plan));

    /// <summary>The name under which the files of an operation on several files (<see cref="OperationPlan.Files"/>) are reported.</summary>
    public static string PerFile(OperationKind kind) => kind.Name + ", per file";

    public void Prepare(string directory)
    {
        foreach ((_, OperationPlan plan) in _operations)
        {
            foreach ((string name, byte[] content) in plan.OldFiles)
            {
                File.WriteAllBytes(Path.Combine(directory, name), content);
            }
        }
    }

    public ProcessStartInfo CreateProcess(string directory, string scratch)
    {
        string script = Path.Combine(scratch, $"script-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(script, _operations.Select(o =>
            string.Join('\t', new[] { o.Kind.WorkloadOperation(Mode) }.Concat(o.Plan.Arguments(directory)))));
        return WorkloadCommand.Create(new[] { "stream", script });
    }

    public IReadOnlyList<OperationOutcome> Check(string directory, CrashObservation observation)
    {
        var view = new CrashView(directory);
        var outcomes = new List<OperationOutcome>();
        for (int i = 0; i < _operations.Count; i++)
        {
            (OperationKind kind, OperationPlan plan) = _operations[i];
            bool acknowledged = observation.Acknowledged.Contains(i + 1);
            (Verdict verdict, string detail) = plan.Check(view, acknowledged);
            string[] leftovers = plan.Targets.SelectMany(view.TemporaryFilesOf).ToArray();
            if (acknowledged && verdict == Verdict.Done && leftovers.Length > 0)
            {
                (verdict, detail) = (Verdict.Violation, "temporary file left for an acknowledged target: " + string.Join(", ", leftovers));
            }

            bool inFlight = !acknowledged && observation.Begun.Contains(i + 1);
            outcomes.Add(new OperationOutcome(kind.Name, acknowledged, verdict, detail, leftovers.Length > 0, inFlight));
            foreach ((string name, Verdict fileVerdict, string fileDetail) in plan.Files?.Invoke(view, acknowledged) ?? Array.Empty<(string, Verdict, string)>())
            {
                string[] fileLeftovers = view.TemporaryFilesOf(name).ToArray();
                (Verdict v, string d) = acknowledged && fileVerdict == Verdict.Done && fileLeftovers.Length > 0
                    ? (Verdict.Violation, "temporary file left: " + string.Join(", ", fileLeftovers))
                    : (fileVerdict, fileDetail);
                outcomes.Add(new OperationOutcome(PerFile(kind), acknowledged, v, $"{d} ({name})", fileLeftovers.Length > 0, inFlight));
            }
        }

        return outcomes;
    }
}
