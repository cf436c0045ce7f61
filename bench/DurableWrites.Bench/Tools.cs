using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;

namespace DurableWrites.Bench;

/// <summary>
/// The programs the implementations run in, found or built in the benchmark's setup. Commands carry the
/// placeholders {dir}, {count} and {warmup}, filled in for each run.
/// </summary>
internal sealed class Tools
{
    private readonly string[] _self;

    private Tools(string cBinary, string[] self, Func<int, string[]>? writeFileAtomic, Func<int, string[]>? atomicWrites)
    {
        CBinary = cBinary;
        _self = self;
        WriteFileAtomic = writeFileAtomic;
        AtomicWrites = atomicWrites;
    }

    public string CBinary { get; }

    public Func<int, string[]>? WriteFileAtomic { get; }

    public Func<int, string[]>? AtomicWrites { get; }

    public string[] C(string mode, int size, int files = 0) =>
        Concat(new[] { CBinary, mode, "{dir}", Text(size), "{count}", "{warmup}" }, files > 0 ? new[] { Text(files) } : Array.Empty<string>());

    public string[] Worker(string mode, int size, int files = 0) =>
        Concat(_self, new[] { "worker", mode, "{dir}", Text(size), "{count}", "{warmup}" }, files > 0 ? new[] { Text(files) } : Array.Empty<string>());

    /// <summary>Compiles the C limit with the machine's gcc, and finds node's and Python's peers when installed.</summary>
    public static Tools Setup(Options options, TextWriter log)
    {
        string source = Path.Combine(options.Repo, "bench", "native", "durable_limit.c");
        string binDir = Path.Combine(options.WorkDir, "bin");
        Directory.CreateDirectory(binDir);
        string binary = Path.Combine(binDir, "durable_limit");
        Exec("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread", "-o", binary, source);
        log.WriteLine($"built {binary} from {source}");

        string peers = Path.Combine(options.Repo, "bench", "peers");
        Func<int, string[]>? writeFileAtomic = null;
        if (Directory.Exists(Path.Combine(peers, "node_modules", "write-file-atomic")) && TryExec("node", "--version") != null)
        {
            string script = Path.Combine(peers, "write-file-atomic-worker.js");
            writeFileAtomic = size => new[] { "node", script, "replace", "{dir}", Text(size), "{count}", "{warmup}" };
        }
        else
        {
            log.WriteLine("write-file-atomic not installed (npm ci in bench/peers): skipped");
        }

        Func<int, string[]>? atomicWrites = null;
        if (TryExec(PythonWithAtomicWrites, "-c", "import atomicwrites") != null)
        {
            string script = Path.Combine(peers, "atomicwrites-worker.py");
            atomicWrites = size => new[] { PythonWithAtomicWrites, script, "replace", "{dir}", Text(size), "{count}", "{warmup}" };
        }
        else
        {
            log.WriteLine("python3-atomicwrites not installed (apt-get install python3-atomicwrites): skipped");
        }

        return new Tools(binary, SelfCommand(), writeFileAtomic, atomicWrites);
    }

    /// <summary>Debian's interpreter, where Debian's python3-atomicwrites lives (not a pyenv python3 earlier on PATH).</summary>
    public const string PythonWithAtomicWrites = "/usr/bin/python3";

    /// <summary>This program, started as it was started: through the dotnet host or as its own executable.</summary>
    private static string[] SelfCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string assembly = Assembly.GetEntryAssembly()!.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? new[] { process, assembly } : new[] { process };
    }

    public static string? TryExec(string file, params string[] args)
    {
        try
        {
            return Exec(file, args);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public static string Exec(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {error.Result}");
        }

        return output;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string[] Concat(params string[][] parts)
    {
        int length = 0;
        foreach (string[] part in parts)
        {
            length += part.Length;
        }

        string[] all = new string[length];
        int at = 0;
        foreach (string[] part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }

        return all;
    }
}
