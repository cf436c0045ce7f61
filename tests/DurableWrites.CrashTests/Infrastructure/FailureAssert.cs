using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Sdk;

namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>What a failed durable call must tell: the path, and, for a failed step, which step and the OS's reason.</summary>
public static class FailureAssert
{
    /// <summary>The wording of each step in the runtime's messages ("... failed while {step}: {reason}.").</summary>
    public static readonly IReadOnlyDictionary<DurableWriteStep, string> StepText = new Dictionary<DurableWriteStep, string>
    {
        [DurableWriteStep.CreateTemporaryFile] = "creating the temporary file",
        [DurableWriteStep.Write] = "writing the data",
        [DurableWriteStep.FlushFile] = "flushing the file to disk",
        [DurableWriteStep.Rename] = "renaming the file into place",
        [DurableWriteStep.SyncDirectory] = "flushing the directory to disk",
        [DurableWriteStep.Copy] = "copying the data",
        [DurableWriteStep.Delete] = "deleting the file",
        [DurableWriteStep.CreateDirectory] = "creating the directory",
    };

    /// <summary>How an append, which writes in place, words its first step (<see cref="DurableWriteStep.CreateTemporaryFile"/>).</summary>
    public const string OpeningText = "opening the file";

    /// <summary>Runs <paramref name="call"/>, which must throw an exception of type <typeparamref name="T"/> (or a subtype).</summary>
    public static T Throws<T>(Action call, string what) where T : Exception
    {
        Exception? exception = Record.Exception(call);
        if (exception == null)
        {
            throw new XunitException($"{what}: expected {typeof(T).Name}, but the call returned normally (reported success).");
        }

        if (exception is not T typed)
        {
            throw new XunitException($"{what}: expected {typeof(T).Name}, got {exception.GetType().FullName}: {exception.Message}");
        }

        return typed;
    }

    /// <summary>The message names <paramref name="path"/>.</summary>
    public static void NamesPath(Exception exception, string path, string what) =>
        Assert.True(exception.Message.Contains(path, StringComparison.Ordinal),
            $"{what}: the message does not name '{path}': {exception.GetType().Name}: {exception.Message}");

    /// <summary>
    /// The message names <paramref name="path"/> and one of <paramref name="steps"/>, and when the exception is a
    /// <see cref="DurableWriteException"/>, its Path and Step agree. Returns the step named.
    /// </summary>
    public static DurableWriteStep NamesPathAndStep(Exception exception, string path, string what, params DurableWriteStep[] steps)
    {
        NamesPath(exception, path, what);
        DurableWriteStep[] named = steps.Where(step => exception.Message.Contains("while " + StepText[step] + ":", StringComparison.Ordinal)
            || (step == DurableWriteStep.CreateTemporaryFile && exception.Message.Contains("while " + OpeningText + ":", StringComparison.Ordinal))).ToArray();
        Assert.True(named.Length == 1,
            $"{what}: the message names none of the steps {string.Join(", ", steps)}: {exception.GetType().Name}: {exception.Message}");
        if (exception is DurableWriteException durable)
        {
            Assert.Equal(named[0], durable.Step);
            Assert.Equal(path, durable.Path);
        }

        return named[0];
    }

    /// <summary>The message gives the operating system's reason, e.g. "No space left on device".</summary>
    public static void GivesReason(Exception exception, string reason, string what) =>
        Assert.True(exception.Message.Contains(reason, StringComparison.OrdinalIgnoreCase),
            $"{what}: the message does not say '{reason}': {exception.GetType().Name}: {exception.Message}");

    /// <summary>
    /// A workload child whose write to <paramref name="target"/> was made to fail: it exited with 1, never acknowledged,
    /// printed a DurableWriteException naming the path, the write step and <paramref name="reason"/>, and the directory is
    /// as it was.
    /// </summary>
    public static void ChildReportedFailedWrite(int exitCode, string output, string error, string target, string reason,
        DirectorySnapshot before, string directory, string what)
    {
        Assert.True(exitCode == 1, $"{what} exited with {exitCode}: {output} {error}");
        Assert.DoesNotContain("ACK", output, StringComparison.Ordinal);
        Assert.StartsWith("DurableWrites.DurableWriteException: ", error, StringComparison.Ordinal);
        NamesPathAndStep(new IOException(error), target, what, DurableWriteStep.Write);
        GivesReason(new IOException(error), reason, what);
        Unchanged(before, directory, what);
    }

    public static void Unchanged(DirectorySnapshot before, string directory, string what)
    {
        IReadOnlyList<string> differences = DirectorySnapshot.Take(directory).DifferencesFrom(before);
        Assert.True(differences.Count == 0, $"{what} changed the directory: {string.Join("; ", differences)}");
    }

    /// <summary>The runtime's temporary files (".{name}.{hex}.tmp") under <paramref name="directory"/>.</summary>
    public static string[] TemporaryFiles(string directory) =>
        Directory.EnumerateFiles(directory, ".*.tmp", SearchOption.AllDirectories).ToArray();
}
