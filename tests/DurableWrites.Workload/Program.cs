using System;
using System.IO;
using System.Text;
using DurableWrites;

namespace DurableWrites.Workload;

/// <summary>
/// Performs named file operations, durable (through the runtime) or naive (plain System.IO, as programs write it).
/// Tests run it under strace, or cut the power to its filesystem after an acknowledgement.
/// <list type="bullet">
/// <item><c>workload &lt;operation&gt; &lt;arguments...&gt;</c> performs one operation and prints "ACK" once it has returned.</item>
/// <item><c>workload stream &lt;script&gt;</c> performs the operations of a script file, one a line with its arguments
/// separated by tabs. It prints "READY" once the script is read, then for the n-th operation (from 1) "BEGIN n" before
/// it starts and "ACK n" once it has returned, or "FAIL n &lt;exception type&gt;: &lt;message&gt;" if it threw, and goes on
/// with the next one. Exits with 0 when every operation was acknowledged, 1 otherwise.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return Usage();
        }

        if (args[0] == "stream")
        {
            return args.Length == 2 ? Stream(args[1]) : Usage();
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

    private static int Usage()
    {
        Console.Error.WriteLine("usage: workload <operation> <arguments...> | workload stream <script>");
        return 2;
    }

    private static int Stream(string scriptPath)
    {
        string[] lines = File.ReadAllLines(scriptPath);
        TextWriter output = Console.Out;
        output.WriteLine("READY");
        output.Flush();
        int number = 0;
        bool allAcknowledged = true;
        foreach (string line in lines)
        {
            if (line.Length == 0)
            {
                continue;
            }

            number++;
            string[] fields = line.Split('\t');
            output.WriteLine($"BEGIN {number}");
            output.Flush();
            try
            {
                Run(fields[0], fields[1..]);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
            {
                allAcknowledged = false;
                string message = exception.Message.Replace('\n', ' ').Replace('\r', ' ');
                output.WriteLine($"FAIL {number} {exception.GetType().FullName}: {message}");
                output.Flush();
                continue;
            }

            output.WriteLine($"ACK {number}");
            output.Flush();
        }

        return allAcknowledged ? 0 : 1;
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
            case "durable-append-lines": DurableFile.AppendAllLines(a[0], a[1..]); break;
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
            case "durable-write-stream": DurableFile.Write(a[0], stream => stream.Write(Encoding.UTF8.GetBytes(a[1]))); break;
            case "durable-write-fill": DurableFile.WriteAllBytes(a[0], Fill(a[1], a[2])); break;
            case "durable-write-chunks": DurableFile.Write(a[0], stream => WriteChunks(stream, a[1], a[2])); break;
            case "durable-temp-move":
                // The hand-rolled replace, with the rename made durable: Move flushes the source before renaming it.
                File.WriteAllText(a[0] + ".tmp", a[1]);
                DurableFile.Move(a[0] + ".tmp", a[0], overwrite: true);
                break;
            case "durable-copy-sync":
                // DUR002's fix for a copy: the copy's data and then its directory.
                File.Copy(a[0], a[1]);
                DurableFile.Sync(a[1]);
                break;
            case "durable-directory-sync": DurableDirectory.Sync(a[0]); break;
            case "durable-batch": Batch(a); break;

            // Naive: what the analyzer flags.
            case "naive-write-text": File.WriteAllText(a[0], a[1]); break;
            case "naive-write-bytes": File.WriteAllBytes(a[0], Encoding.UTF8.GetBytes(a[1])); break;
            case "naive-write-lines": File.WriteAllLines(a[0], a[1..]); break;
            case "naive-write-text-async": File.WriteAllTextAsync(a[0], a[1]).GetAwaiter().GetResult(); break;
            case "naive-write-fill": File.WriteAllBytes(a[0], Fill(a[1], a[2])); break;
            case "naive-write-chunks":
                // A serializer writing into the file it replaces, as most do.
                using (var stream = new FileStream(a[0], FileMode.Create, FileAccess.Write))
                {
                    WriteChunks(stream, a[1], a[2]);
                }

                break;
            case "naive-append-text": File.AppendAllText(a[0], a[1]); break;
            case "naive-append-bytes": File.AppendAllBytes(a[0], Encoding.UTF8.GetBytes(a[1])); break;
            case "naive-stream-writer":
                using (var writer = new StreamWriter(a[0]))
                {
                    writer.Write(a[1]);
                }

                break;
            case "naive-replace": File.Replace(a[0], a[1], a.Length > 2 ? a[2] : null); break;
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
            case "naive-copy-directory-synced":
                // The copy's name made durable, its data not.
                File.Copy(a[0], a[1]);
                DurableDirectory.Sync(Path.GetDirectoryName(a[1])!);
                break;
            case "naive-delete": File.Delete(a[0]); break;
            case "naive-mkdir": Directory.CreateDirectory(a[0]); break;
            case "naive-batch":
                // What a program saving several files does without the runtime: one File.WriteAllBytes after another.
                for (int i = 0; i + 1 < a.Length; i += 2)
                {
                    File.WriteAllBytes(a[i], Encoding.UTF8.GetBytes(a[i + 1]));
                }

                break;
            default: throw new ArgumentException($"Unknown operation '{operation}'.", nameof(operation));
        }
    }

    /// <summary>
    /// One <see cref="DurableBatch"/> of the files in <paramref name="pairs"/> (path, text, path, text...), committed once.
    /// The files are added through the three overloads in turn: byte[], a slice of a larger buffer (ReadOnlyMemory), string.
    /// </summary>
    private static void Batch(string[] pairs)
    {
        if (pairs.Length == 0 || pairs.Length % 2 != 0)
        {
            throw new ArgumentException("durable-batch takes pairs of a path and a text.", nameof(pairs));
        }

        var batch = new DurableBatch();
        for (int i = 0; i < pairs.Length; i += 2)
        {
            string path = pairs[i];
            string text = pairs[i + 1];
            switch (i / 2 % 3)
            {
                case 0:
                    batch.Add(path, Encoding.UTF8.GetBytes(text));
                    break;
                case 1:
                    byte[] bytes = Encoding.UTF8.GetBytes(text);
                    byte[] buffer = new byte[bytes.Length + 16];
                    Array.Fill(buffer, (byte)'#');
                    bytes.CopyTo(buffer, 8);
                    batch.Add(path, new ReadOnlyMemory<byte>(buffer, 8, bytes.Length));
                    break;
                default:
                    batch.Add(path, text);
                    break;
            }
        }

        batch.Commit();
    }

    /// <summary>Writes <paramref name="length"/> bytes of <paramref name="fill"/>'s first character, 64 KiB at a time.</summary>
    private static void WriteChunks(Stream stream, string length, string fill)
    {
        byte[] chunk = Fill("65536", fill);
        for (long left = long.Parse(length, System.Globalization.CultureInfo.InvariantCulture); left > 0; left -= chunk.Length)
        {
            stream.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    }

    /// <summary>A buffer of <paramref name="length"/> bytes, each the first character of <paramref name="fill"/>.</summary>
    private static byte[] Fill(string length, string fill)
    {
        byte[] bytes = new byte[int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)];
        Array.Fill(bytes, (byte)fill[0]);
        return bytes;
    }
}
