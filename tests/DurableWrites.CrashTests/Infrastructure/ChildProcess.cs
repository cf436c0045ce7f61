using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>
/// A child process whose standard output is read line by line on a thread of its own. Each line is handed to a
/// callback on that thread as soon as it arrives, so that the callback can cut the power before the child gets further.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Thread _reader;
    private readonly StringBuilder _standardError = new();
    private readonly List<string> _lines = new();
    private readonly Action<string> _onLine;
    private Exception? _callbackFailure;

    private ChildProcess(ProcessStartInfo start, Action<string> onLine)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        _onLine = onLine;
        _process = new Process { StartInfo = start };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (_standardError)
                {
                    _standardError.AppendLine(e.Data);
                }
            }
        };
        _reader = new Thread(ReadOutput) { IsBackground = true, Name = "child stdout" };
    }

    public static ChildProcess Start(ProcessStartInfo start, Action<string> onLine)
    {
        var child = new ChildProcess(start, onLine);
        child._process.Start();
        child._process.StandardInput.Close();
        child._process.BeginErrorReadLine();
        child._reader.Start();
        return child;
    }

    /// <summary>Runs a child to its end without watching its output: its exit code, its output lines and its standard error, trimmed.</summary>
    public static (int ExitCode, IReadOnlyList<string> Lines, string Error) RunToEnd(ProcessStartInfo start, TimeSpan timeout)
    {
        using ChildProcess child = Start(start, _ => { });
        child.WaitForExit(timeout);
        return (child.ExitCode, child.Lines, child.StandardError.Trim());
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardError
    {
        get
        {
            lock (_standardError)
            {
                return _standardError.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>Kills the child and everything it started (SIGKILL), and waits until they are gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited in between.
        }

        WaitForExit(TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits for the exit and for the last line of output; throws when the child is still running after <paramref name="timeout"/>.</summary>
    public void WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            throw new TimeoutException($"The child process {_process.StartInfo.FileName} (pid {_process.Id}) is still running after {timeout.TotalSeconds:0} s.");
        }

        _process.WaitForExit();
        if (!_reader.Join(timeout))
        {
            throw new TimeoutException($"The output of the child process {_process.Id} did not end within {timeout.TotalSeconds:0} s of its exit.");
        }

        if (_callbackFailure != null)
        {
            throw new InvalidOperationException("Handling the child's output failed: " + _callbackFailure.Message, _callbackFailure);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void ReadOutput()
    {
        try
        {
            StreamReader output = _process.StandardOutput;
            for (string? line = output.ReadLine(); line != null; line = output.ReadLine())
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }

                if (_callbackFailure == null)
                {
                    try
                    {
                        _onLine(line);
                    }
                    catch (Exception exception)
                    {
                        _callbackFailure = exception;
                    }
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke because the child was killed: the output ends here.
        }
    }
}

/// <summary>How to start the test workload (tests/DurableWrites.Workload), which is built next to the tests.</summary>
public static class WorkloadCommand
{
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "DurableWrites.Workload.dll");

    /// <summary>The dotnet host that runs the tests.</summary>
    public static string DotNet
    {
        get
        {
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host))
            {
                return host;
            }

            string? current = Environment.ProcessPath;
            if (current != null && Path.GetFileNameWithoutExtension(current) == "dotnet")
            {
                return current;
            }

            return Tools.Find("dotnet") ?? "dotnet";
        }
    }

    /// <summary><c>dotnet DurableWrites.Workload.dll arguments...</c>, optionally behind a wrapper (strace, setpriv, fiu-run).</summary>
    public static ProcessStartInfo Create(IEnumerable<string> arguments, params string[] wrapper)
    {
        var start = new ProcessStartInfo(wrapper.Length > 0 ? wrapper[0] : DotNet) { WorkingDirectory = "/" };
        for (int i = 1; i < wrapper.Length; i++)
        {
            start.ArgumentList.Add(wrapper[i]);
        }

        if (wrapper.Length > 0)
        {
            start.ArgumentList.Add(DotNet);
        }

        start.ArgumentList.Add(Assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No diagnostics IPC socket in /tmp, and no first-run work: the child does only what it is told.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }
}
