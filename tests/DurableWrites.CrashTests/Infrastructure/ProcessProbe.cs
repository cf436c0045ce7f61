using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>Looks into running processes through /proc: which system call each of their threads is in.</summary>
public static class ProcessProbe
{
    /// <summary>fsync's number on this processor, or null when the test does not know it.</summary>
    public static int? Fsync => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 74,
        Architecture.Arm64 => 82,
        _ => null,
    };

    /// <summary>pwrite64's number on this processor (what FileStream writes a file with), or null.</summary>
    public static int? PWrite => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 18,
        Architecture.Arm64 => 68,
        _ => null,
    };

    /// <summary>True when a thread of <paramref name="pid"/> or of one of its descendants is in system call <paramref name="number"/>.</summary>
    public static bool InSystemCall(int pid, int number) => Descendants(pid).Any(p => ThreadInSystemCall(p, number));

    /// <summary>/proc/PID/task/TID/syscall starts with the number of the call a blocked or stopped thread is in.</summary>
    private static bool ThreadInSystemCall(int pid, int number)
    {
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (File.ReadAllText(Path.Combine(task, "syscall")).StartsWith(number.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process or thread ended while we looked.
        }

        return false;
    }

    /// <summary>The process and all its descendants (a workload may run under strace or setpriv).</summary>
    public static IEnumerable<int> Descendants(int pid)
    {
        var pending = new Stack<int>();
        pending.Push(pid);
        while (pending.Count > 0)
        {
            int current = pending.Pop();
            yield return current;
            string[] children;
            try
            {
                children = Directory.EnumerateDirectories($"/proc/{current}/task")
                    .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    .ToArray();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string child in children)
            {
                pending.Push(int.Parse(child, CultureInfo.InvariantCulture));
            }
        }
    }
}
