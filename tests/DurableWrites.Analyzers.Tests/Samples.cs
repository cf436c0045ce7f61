namespace DurableWrites.Analyzers.Tests;

/// <summary>Small programs with the unsafe writes real code has, used by the cross-rule and fix-compilation tests.</summary>
internal static class Samples
{
    public const string CommentStore = """
        using System;
        using System.IO;
        using System.Text;

        namespace Blog.Storage;

        public sealed class CommentStore
        {
            private readonly string _root;

            public CommentStore(string root) => _root = root;

            public string Add(string postId, string author, string body)
            {
                string id = Guid.NewGuid().ToString("N");
                string directory = Path.Combine(_root, postId);
                Directory.CreateDirectory(directory);
                using (var stream = new FileStream(Path.Combine(directory, id + ".txt"), FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream, Encoding.UTF8))
                {
                    writer.WriteLine(author);
                    writer.Write(body);
                }

                return id;
            }
        }
        """;

    public const string SettingsService = """
        using System.IO;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using System.Xml.Linq;

        namespace App.Configuration
        {
            public sealed record Settings(string Theme, int FontSize);

            public sealed class SettingsService
            {
                private readonly string _path;

                public SettingsService(string path) => _path = path;

                public void Save(Settings settings)
                {
                    using var stream = File.Create(_path);
                    JsonSerializer.Serialize(stream, settings);
                }

                public async Task SaveAsync(Settings settings, CancellationToken cancellationToken)
                {
                    await using FileStream stream = File.Create(_path + ".async");
                    await JsonSerializer.SerializeAsync(stream, settings, cancellationToken: cancellationToken);
                }

                public void Export(XDocument document, string name) => document.Save(Path.Combine(Path.GetDirectoryName(_path)!, name));

                public Task BackupAsync(string text, CancellationToken cancellationToken) =>
                    File.WriteAllTextAsync(_path + ".bak", text, cancellationToken);

                public void ExportXml(string name, string theme)
                {
                    using var writer = System.Xml.XmlWriter.Create(Path.Combine(Path.GetDirectoryName(_path)!, name), new System.Xml.XmlWriterSettings { Indent = true });
                    writer.WriteElementString("theme", theme);
                }
            }
        }
        """;

    public const string Exporter = """
        using System.Diagnostics;
        using System.IO;
        using System.Text.Json;

        namespace Reports;

        public static class Exporter
        {
            public static string Export(string root, object report)
            {
                string path = Path.Combine(root, "report.json");
                File.WriteAllText(path, JsonSerializer.Serialize(report));
                File.Copy(path, Path.Combine(root, "latest.json"), true);

                // Make sure the backup job sees them, even after a power cut.
                Process.Start("sync")?.WaitForExit();
                return path;
            }

            public static void Dump(string path, byte[] data)
            {
                using (FileStream stream = File.Create(path))
                {
                    stream.Write(data, 0, data.Length);
                }

                Process.Start("sync")?.WaitForExit();
            }

            public static void Note(string root, string line) => File.AppendAllText(Path.Combine(root, "notes.log"), line + "\n");

            public static void Publish(string root, string feed)
            {
                string staging = Path.Combine(root, "feed.json.new");
                File.WriteAllText(staging, feed);
                Process.Start("sync")?.WaitForExit();
                File.Move(staging, Path.Combine(root, "feed.json"), true);
            }
        }
        """;

    public const string AtomicSave = """
        using System.Diagnostics;
        using System.IO;

        public static class Persistence
        {
            public static void SaveState(string path, string json)
            {
                string temp = path + ".tmp";
                File.WriteAllText(temp, json);
                File.Move(temp, path, overwrite: true);
            }

            public static void SaveBlob(string path, byte[] data)
            {
                string temp = path + ".partial";
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
                {
                    stream.Write(data, 0, data.Length);
                }

                File.Replace(temp, path, path + ".old");
            }

            public static void Publish(string source, string target)
            {
                File.Copy(source, target, true);
                Process.Start("sync")?.WaitForExit();
            }

            public static void Archive(string file, string archiveDirectory)
            {
                File.Move(file, Path.Combine(archiveDirectory, Path.GetFileName(file)));
            }
        }
        """;

    public const string GameSave = """
        using System.IO;
        using System.Text;

        public static class GameSave
        {
            public static void Save(string fullPath, string json, byte[] encrypted, bool encrypt)
            {
                string temp = fullPath + ".tmp";
                if (encrypt)
                {
                    File.WriteAllBytes(temp, encrypted);
                }
                else
                {
                    File.WriteAllText(temp, json, Encoding.UTF8);
                }

                if (File.Exists(fullPath))
                {
                    File.Replace(temp, fullPath, fullPath + ".bak");
                }
                else
                {
                    File.Move(temp, fullPath);
                }
            }

            public static void SaveWithHeader(string path, string header, string body)
            {
                string temp = path + ".tmp";
                File.WriteAllText(temp, header);
                File.WriteAllText(temp, header + body);
                File.Move(temp, path, true);
            }
        }
        """;

    public const string Archiver = """
        using System.IO;
        using System.IO.Compression;
        using System.Threading.Tasks;

        public static class Archiver
        {
            public static void Compress(string path, byte[] data)
            {
                using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
                using var gzip = new GZipStream(output, CompressionLevel.Optimal);
                gzip.Write(data, 0, data.Length);
                gzip.Flush();
                output.Flush(true);
            }

            public static async Task SaveAsync(string path, byte[] data)
            {
                var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    await file.WriteAsync(data, 0, data.Length).ConfigureAwait(false);
                }
            }
        }
        """;

    public const string Journal = """
        using System.IO;
        using System.Text;

        public static class Journal
        {
            public static void Write(string path, byte[] record, bool append)
            {
                using var output = append ? new FileStream(path, FileMode.Append, FileAccess.Write) : new FileStream(path, FileMode.Create, FileAccess.Write);
                output.Write(record, 0, record.Length);
            }

            public static void Rotate(string current, string previous, byte[] head)
            {
                var file = File.Create(previous);
                file.Write(head, 0, head.Length);
                file.Flush(true);
                file.Dispose();
                file = File.Create(current);
                file.Write(head, 0, head.Length);
                file.Dispose();
            }

            public static void Export(string path, string text)
            {
                var writer = new StreamWriter(File.Create(path), Encoding.UTF8);
                writer.Write(text);
                writer.Flush();
                ((FileStream)writer.BaseStream).Flush(true);
                writer.Dispose();
            }

            public static bool Claim(string marker)
            {
                using (File.Create(marker))
                {
                    return true;
                }
            }
        }
        """;

    /// <summary>An atomic save through native renames, as password managers and persistence libraries write it.</summary>
    public const string NativeSave = """
        using System;
        using System.ComponentModel;
        using System.IO;
        using System.Runtime.InteropServices;
        using System.Text.Json;

        public static class NativeSave
        {
            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            private static extern bool MoveFileEx(string existingFileName, string newFileName, int flags);

            [DllImport("libc", SetLastError = true)]
            private static extern int rename(string oldPath, string newPath);

            public static void Save(string path, object settings)
            {
                var temp = new FileInfo(path + ".tmp");
                using (var stream = temp.Open(FileMode.Create, FileAccess.Write))
                {
                    JsonSerializer.Serialize(stream, settings);
                }

                if (OperatingSystem.IsWindows())
                {
                    // Replace the old file in one step.
                    if (!MoveFileEx(temp.FullName, path, 1)) throw new Win32Exception();
                }
                else if (rename(temp.FullName, path) != 0)
                {
                    throw new IOException($"rename {path}: {Marshal.GetLastPInvokeError()}");
                }
            }

            public static void Archive(string path, string archive)
            {
                if (rename(path, archive) != 0)
                {
                    throw new IOException(archive);
                }
            }
        }
        """;

    public const string TopLevelProgram = """
        using System.IO;

        var output = args.Length > 0 ? args[0] : "out.txt";
        using (var writer = new StreamWriter(output))
        {
            writer.WriteLine("hello");
        }

        File.AppendAllText("log.txt", "done\n");
        """;

    /// <summary>A desktop app that keeps its records in a DataSet saved as XML beside a schema.</summary>
    public const string DataSetStore = """
        using System.Data;
        using System.IO;

        namespace Contacts;

        public sealed class ContactStore
        {
            private readonly string _folder;
            private readonly DataSet _data = new DataSet("Contacts");

            public ContactStore(string folder) => _folder = folder;

            public void Save()
            {
                _data.WriteXmlSchema(Path.Combine(_folder, "contacts.xsd"));
                _data.WriteXml(Path.Combine(_folder, "contacts.xml"), XmlWriteMode.IgnoreSchema);
            }

            public void Export(DataTable table, string path) => table.WriteXml(path, XmlWriteMode.WriteSchema, true);
        }
        """;

    /// <summary>A message store's write-ahead log: a stream kept in a field, flushed with Flush() and FlushAsync().</summary>
    public const string WriteAheadLog = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Broker;

        public sealed class WriteAheadLog : IAsyncDisposable
        {
            private readonly SemaphoreSlim _lock = new(1, 1);
            private FileStream? _segment;
            private TextWriter? _index;
            private BinaryWriter? _checkpoints;

            public void Open(string path)
            {
                _segment = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                _index = File.AppendText(path + ".index");
                _checkpoints = new BinaryWriter(File.Open(path + ".checkpoints", FileMode.Append));
            }

            public void Index(long offset, string key)
            {
                _index!.WriteLine($"{offset} {key}");
                _index.Flush();
            }

            public async Task CheckpointAsync(long offset)
            {
                _checkpoints?.Write(offset);
                _checkpoints?.Flush();
                await _index!.FlushAsync();
            }

            public void Append(ReadOnlySpan<byte> record)
            {
                _segment!.Write(record);
                _segment.Flush();
            }

            public async Task AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
            {
                await _lock.WaitAsync(cancellationToken);
                try
                {
                    await _segment!.WriteAsync(record, cancellationToken);
                    await _segment.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _lock.Release();
                }
            }

            public async ValueTask DisposeAsync()
            {
                if (_segment is not null)
                {
                    await _segment.FlushAsync();
                    await _segment.DisposeAsync();
                }
            }
        }
        """;

    /// <summary>A save written by helper methods through a field the saving method opens and closes.</summary>
    public const string WorldSave = """
        using System.IO;

        public sealed class WorldSave
        {
            private BinaryWriter? _writer;

            public void Save(string path, int[] chunks)
            {
                _writer = new BinaryWriter(File.Open(path, FileMode.Create));
                WriteHeader(chunks.Length);
                foreach (int chunk in chunks)
                {
                    _writer.Write(chunk);
                }

                _writer.Close();
            }

            private void WriteHeader(int count) => _writer!.Write(count);
        }
        """;
}
