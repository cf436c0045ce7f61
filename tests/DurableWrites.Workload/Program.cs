using System;
using System.IO;
using System.Text;
using DurableWrites;

namespace DurableWrites.Workload;

/// <summary>
/// Performs one named file operation, durable (through the runtime) or naive (plain System.IO, as programs write it),
/// and prints "ACK" once it has returned. Tests run it under strace or cut the power to its filesystem after the ACK.
/// Usage: workload &lt;operation&gt; &lt;arguments...&gt;
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: workload <operation> <arguments...>");
            return 2;
        }

        try
        {
            Run(args[0], args[1..]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"{exception.GetType().FullName}: {exception.Message}");
            return 1;
        }

        Console.Out.WriteLine("ACK");
        Console.Out.Flush();
        return 0;
    }

    private static void Run(string operation, string[] a)
    {
        switch (operation)
        {
            // Durable: the runtime.
            case "durable-write-text": DurableFile.WriteAllText(a[0], a[1]); break;
            case "durable-write-bytes": DurableFile.WriteAllBytes(a[0], Encoding.UTF8.GetBytes(a[1])); break;
            case "durable-write-lines": DurableFile.WriteAllLines(a[0], a[1..]); break;
            case "durable-write-text-async": DurableFile.WriteAllTextAsync(a[0], a[1]).GetAwaiter().GetResult(); break;
            case "durable-append-text": DurableFile.AppendAllText(a[0], a[1]); break;
            case "durable-append-bytes": DurableFile.AppendAllBytes(a[0], Encoding.UTF8.GetBytes(a[1])); break;
            case "durable-create":
                using (FileStream stream = DurableFile.Create(a[0]))
                {
                    stream.Write(Encoding.UTF8.GetBytes(a[1]));
                }

                break;
            case "durable-filestream":
                using (FileStream stream = new DurableFileStream(a[0], FileMode.Create, FileAccess.Write))
                {
                    stream.Write(Encoding.UTF8.GetBytes(a[1]));
                }

                break;
            case "durable-stream-writer":
                using (StreamWriter writer = DurableFile.OpenStreamWriter(a[0]))
                {
                    writer.Write(a[1]);
                }

                break;
            case "durable-move": DurableFile.Move(a[0], a[1], overwrite: a.Length > 2 && a[2] == "overwrite"); break;
            case "durable-copy": DurableFile.Copy(a[0], a[1], overwrite: a.Length > 2 && a[2] == "overwrite"); break;
            case "durable-replace": DurableFile.Replace(a[0], a[1], a.Length > 2 ? a[2] : null); break;
            case "durable-delete": DurableFile.Delete(a[0]); break;
            case "durable-sync": DurableFile.Sync(a[0]); break;
            case "durable-mkdir": DurableDirectory.CreateDirectory(a[0]); break;
            case "durable-directory-sync": DurableDirectory.Sync(a[0]); break;

            // Naive: what the analyzer flags.
            case "naive-write-text": File.WriteAllText(a[0], a[1]); break;
            case "naive-write-bytes": File.WriteAllBytes(a[0], Encoding.UTF8.GetBytes(a[1])); break;
            case "naive-append-text": File.AppendAllText(a[0], a[1]); break;
            case "naive-filestream":
                using (var stream = new FileStream(a[0], FileMode.Create, FileAccess.Write))
                {
                    stream.Write(Encoding.UTF8.GetBytes(a[1]));
                    stream.Flush();
                }

                break;
            case "naive-create-flushed":
                // Data flushed to disk, but the new name's directory never is.
                using (var stream = new FileStream(a[0], FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(Encoding.UTF8.GetBytes(a[1]));
                    stream.Flush(flushToDisk: true);
                }

                break;
            case "naive-temp-move":
                // The hand-rolled "atomic" replace without a flush: the classic zero-length file after a crash.
                File.WriteAllText(a[0] + ".tmp", a[1]);
                File.Move(a[0] + ".tmp", a[0], overwrite: true);
                break;
            case "naive-move": File.Move(a[0], a[1], overwrite: a.Length > 2 && a[2] == "overwrite"); break;
            case "naive-copy": File.Copy(a[0], a[1], overwrite: a.Length > 2 && a[2] == "overwrite"); break;
            case "naive-delete": File.Delete(a[0]); break;
            case "naive-mkdir": Directory.CreateDirectory(a[0]); break;
            default: throw new ArgumentException($"Unknown operation '{operation}'.", nameof(operation));
        }
    }
}
