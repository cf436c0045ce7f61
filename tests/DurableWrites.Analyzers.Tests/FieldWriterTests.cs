using System.Threading.Tasks;
using DurableWrites.CodeFixes;
using VerifyCS = DurableWrites.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    DurableWrites.Analyzers.Dur001UnflushedStreamAnalyzer,
    DurableWrites.CodeFixes.Dur001UnflushedStreamFixer>;

namespace DurableWrites.Analyzers.Tests;

/// <summary>
/// DUR001 for a writer kept in a field (a journal's StreamWriter, a record file's BinaryWriter): its Flush() ends in
/// its file stream's Flush(), which stops at the operating system.
/// </summary>
public class FieldWriterTests
{
    [Fact]
    public Task AStreamWritersFlush_IsFlagged_AndItsFileStreamFlushedToDiskAfterIt() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            public sealed class OrderJournal : IDisposable
            {
                private StreamWriter _writer;

                public OrderJournal(string directory)
                {
                    _writer = new StreamWriter(Path.Combine(directory, "orders.journal"), append: true);
                }

                public void Record(string order)
                {
                    _writer.WriteLine(order);
                    {|#0:_writer.Flush()|};
                }

                public async Task RecordAsync(string order)
                {
                    await _writer.WriteLineAsync(order);
                    await {|#1:this._writer.FlushAsync()|}.ConfigureAwait(false);
                }

                public void Dispose()
                {
                    _writer.Dispose();
                    _writer = null!;
                }
            }
            """,
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("_writer", "handed to the operating system by Flush()"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("_writer", "handed to the operating system by FlushAsync()"),
            },
            """
            using System;
            using System.IO;
            using System.Threading.Tasks;

            public sealed class OrderJournal : IDisposable
            {
                private StreamWriter _writer;

                public OrderJournal(string directory)
                {
                    _writer = new StreamWriter(Path.Combine(directory, "orders.journal"), append: true);
                }

                public void Record(string order)
                {
                    _writer.WriteLine(order);
                    _writer.Flush();
                    ((FileStream)_writer.BaseStream).Flush(true);
                }

                public async Task RecordAsync(string order)
                {
                    await _writer.WriteLineAsync(order);
                    await this._writer.FlushAsync().ConfigureAwait(false);
                    ((FileStream)this._writer.BaseStream).Flush(true);
                }

                public void Dispose()
                {
                    _writer.Dispose();
                    _writer = null!;
                }
            }
            """,
            Dur001UnflushedStreamFixer.FlushFieldToDiskKey);

    [Fact]
    public Task ATextWriterAndABinaryWriter_ThroughConditionalAccess_AreFlushedThroughTheirFileStream() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            #nullable enable
            using System.IO;

            public sealed class Recorder
            {
                private readonly TextWriter _events;
                private BinaryWriter? _samples;

                public Recorder(string eventsPath, FileStream samples)
                {
                    _events = File.AppendText(eventsPath);
                    _samples = new BinaryWriter(samples);
                }

                public void Event(string text)
                {
                    _events.WriteLine(text);
                    {|#0:_events.Flush()|};
                }

                public void Sample(double value)
                {
                    _samples?.Write(value);
                    {|#1:_samples?.Flush()|};
                }

                public void Close(bool quietly)
                {
                    {|#2:_samples!.Flush()|};
                    _samples.Dispose();
                    _samples = null;
                }
            }
            """,
            new[]
            {
                VerifyCS.Diagnostic().WithLocation(0).WithArguments("_events", "handed to the operating system by Flush()"),
                VerifyCS.Diagnostic().WithLocation(1).WithArguments("_samples", "handed to the operating system by Flush()"),
                VerifyCS.Diagnostic().WithLocation(2).WithArguments("_samples", "handed to the operating system by Flush()"),
            },
            """
            #nullable enable
            using System.IO;

            public sealed class Recorder
            {
                private readonly TextWriter _events;
                private BinaryWriter? _samples;

                public Recorder(string eventsPath, FileStream samples)
                {
                    _events = File.AppendText(eventsPath);
                    _samples = new BinaryWriter(samples);
                }

                public void Event(string text)
                {
                    _events.WriteLine(text);
                    _events.Flush();
                    ((FileStream)((StreamWriter)_events).BaseStream).Flush(true);
                }

                public void Sample(double value)
                {
                    _samples?.Write(value);
                    _samples?.Flush();
                    (_samples?.BaseStream as FileStream)?.Flush(true);
                }

                public void Close(bool quietly)
                {
                    _samples!.Flush();
                    ((FileStream)_samples!.BaseStream).Flush(true);
                    _samples.Dispose();
                    _samples = null;
                }
            }
            """,
            Dur001UnflushedStreamFixer.FlushFieldToDiskKey);

    [Fact]
    public Task AFlushThatIsAnEmbeddedStatement_GetsABlockForItsFlushToDisk() =>
        VerifyCS.VerifyCodeFixAsync(
            """
            using System.IO;

            public sealed class Outbox
            {
                private readonly object _sync = new object();
                private StreamWriter _pending = File.CreateText("outbox.jsonl");

                public void Enqueue(string message)
                {
                    lock (_sync)
                    {
                        _pending.WriteLine(message);
                        if (_pending != null) {|#0:_pending.Flush()|};
                    }
                }
            }
            """,
            new[] { VerifyCS.Diagnostic().WithLocation(0).WithArguments("_pending", "handed to the operating system by Flush()") },
            """
            using System.IO;

            public sealed class Outbox
            {
                private readonly object _sync = new object();
                private StreamWriter _pending = File.CreateText("outbox.jsonl");

                public void Enqueue(string message)
                {
                    lock (_sync)
                    {
                        _pending.WriteLine(message);
                        if (_pending != null)
                        {
                            _pending.Flush();
                            ((FileStream)_pending.BaseStream).Flush(true);
                        }
                    }
                }
            }
            """,
            Dur001UnflushedStreamFixer.FlushFieldToDiskKey);

    [Fact]
    public Task AWriterOverAStreamField_IsJudgedUnlessThatStreamIsFlushedAfterIt() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;

            public sealed class Segment
            {
                private readonly FileStream _file;
                private readonly BinaryWriter _writer;

                public Segment(string path)
                {
                    _file = new FileStream(path, FileMode.Append, FileAccess.Write);
                    _writer = new BinaryWriter(_file);
                }

                public void Append(long key, byte[] value)
                {
                    _writer.Write(key);
                    _writer.Write(value);
                    {|#0:_writer.Flush()|};
                }

                public void AppendAndSync(long key)
                {
                    _writer.Write(key);
                    _writer.Flush();
                    _file.Flush(true);
                }

                public void AppendAndFlush(long key)
                {
                    _writer.Write(key);
                    // Judged here instead: the stream's own flush.
                    _writer.Flush();
                    {|#1:_file.Flush()|};
                }

                public void AppendAndCheck(long key)
                {
                    _writer.Write(key);
                    _writer.Flush();
                    ((FileStream)_writer.BaseStream).Flush(true);
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_writer", "handed to the operating system by Flush()"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("_file", "handed to the operating system by Flush()"));

    [Fact]
    public Task AWriterOverAStreamFieldThatIsHandedOn_IsNotJudged() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;

            public sealed class Segment
            {
                private readonly FileStream _file;
                private readonly StreamWriter _writer;

                public Segment(string path)
                {
                    _file = File.Open(path, FileMode.Append);
                    _writer = new StreamWriter(_file);
                }

                public void Append(string line)
                {
                    _writer.WriteLine(line);
                    _writer.Flush();
                }

                public void Sync() => Native.Fsync(_file);
            }

            internal static class Native
            {
                public static void Fsync(FileStream stream) { }
            }
            """);

    [Fact]
    public Task MembersOpenedOnTemporaryOrConfiguredNonDurablePaths_AreNotJudged() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;

            public sealed class Diagnostics
            {
                private readonly StreamWriter _trace;
                private readonly FileStream _scratch;
                private readonly BinaryWriter _scratchWriter;
                private readonly StreamWriter _journal;

                public Diagnostics(string directory)
                {
                    var tracePath = Path.Combine(directory, "trace.log");
                    _trace = new StreamWriter(tracePath, append: true);
                    _scratch = new FileStream(Path.Combine(Path.GetTempPath(), "scratch.bin"), FileMode.Create);
                    _scratchWriter = new BinaryWriter(_scratch);
                    _journal = new StreamWriter(new FileStream(Path.Combine(directory, "state.journal"), FileMode.Append));
                }

                public void Write(string line)
                {
                    _trace.WriteLine(line);
                    _trace.Flush();
                    _scratchWriter.Write(line);
                    _scratchWriter.Flush();
                    _scratch.Flush();
                    _journal.WriteLine(line);
                    {|#0:_journal.Flush()|};
                }
            }
            """,
            "durable_writes.non_durable_paths = *.log",
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_journal", "handed to the operating system by Flush()"));

    [Fact]
    public Task MembersOpenedThroughTheRuntime_AreStillJudged_TheirFlushStopsAtTheOperatingSystem() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;
            using DurableWrites;

            public sealed class Journal
            {
                private readonly StreamWriter _entries;
                private readonly Stream _blobs;

                public Journal(string path)
                {
                    _entries = DurableFile.AppendText(path);
                    _blobs = DurableFile.Open(path + ".blobs", FileMode.Append);
                }

                public void Add(string entry, byte[] blob)
                {
                    _entries.WriteLine(entry);
                    {|#0:_entries.Flush()|};
                    _blobs.Write(blob, 0, blob.Length);
                    {|#1:_blobs.Flush()|};
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_entries", "handed to the operating system by Flush()"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("_blobs", "handed to the operating system by Flush()"));

    [Fact]
    public Task AMemberSetToOneFileOrAnother_OrToNull_IsJudged() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;

            public sealed class Export
            {
                private StreamWriter _rows;
                private Stream _blobs;

                public Export(string path, bool append)
                {
                    _rows = append ? File.AppendText(path) : null;
                    _blobs = append ? new FileStream(path + ".bin", FileMode.Append) : (File.Create(path + ".bin"));
                }

                public void Row(string row, byte[] blob)
                {
                    _rows?.WriteLine(row);
                    {|#0:_rows?.Flush()|};
                    _blobs.Write(blob, 0, blob.Length);
                    {|#1:_blobs.Flush()|};
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_rows", "handed to the operating system by Flush()"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("_blobs", "handed to the operating system by Flush()"));

    [Fact]
    public Task APrimaryConstructorsPath_AndAStringMember_AreFiles() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            #nullable enable
            using System.IO;

            public sealed class Ledger(string path)
            {
                private readonly StreamWriter _entries = new(path, append: true);
                private readonly string _auditPath = path + ".audit";
                private StreamWriter? _audit;

                public void Open() => _audit = new StreamWriter(this._auditPath);

                public void Post(string entry)
                {
                    _entries.WriteLine(entry);
                    {|#0:_entries.Flush()|};
                    _audit?.WriteLine(entry);
                    {|#1:_audit?.Flush()|};
                }
            }
            """,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("_entries", "handed to the operating system by Flush()"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("_audit", "handed to the operating system by Flush()"));

    [Theory]
    // A stream from outside: a network stream, a MemoryStream, anything.
    [InlineData("public Exporter(Stream output) { _writer = new StreamWriter(output); }")]
    [InlineData("public Exporter() { _writer = new StreamWriter(new MemoryStream()); }")]
    [InlineData("public Exporter(Func<StreamWriter> open) { _writer = open(); }")]
    // Set once to a file and once to anything else.
    [InlineData("public Exporter(string path, Stream other) { _writer = path.Length > 0 ? new StreamWriter(path) : new StreamWriter(other); }")]
    [InlineData("public Exporter(string path) { _writer = new StreamWriter(path); }\n    public void Redirect(Stream other) => _writer = new StreamWriter(other);")]
    // Opened with WriteThrough: every write reaches the disk.
    [InlineData("public Exporter(string path) { _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough)); }")]
    // Flushed to disk where the type's text cannot follow it.
    [InlineData("public Exporter(string path) { _writer = new StreamWriter(path); }\n    public void Sync() => Fsync(_writer.BaseStream);\n    private static void Fsync(Stream stream) { }")]
    [InlineData("public Exporter(string path) { _writer = new StreamWriter(path); }\n    public void Sync() => Fsync(_writer);\n    private static void Fsync(StreamWriter writer) { }")]
    [InlineData("public Exporter(string path) { _writer = new StreamWriter(path); }\n    public void Sync() => RandomAccess.FlushToDisk(((FileStream)_writer.BaseStream).SafeFileHandle);")]
    public Task AWriterThatMayWriteAnythingElse_OrIsFlushedOutOfSight_IsNotJudged(string members) =>
        VerifyCS.VerifyAnalyzerAsync($$"""
            using System;
            using System.IO;

            public sealed class Exporter
            {
                private StreamWriter _writer;

                {{members}}

                public void Export(string row)
                {
                    _writer.WriteLine(row);
                    _writer.Flush();
                }
            }
            """);

    [Fact]
    public Task ANonPrivateWriter_AStringWriter_AndAWriterSubclassPassingItsFlushOn_AreNotJudged() =>
        VerifyCS.VerifyAnalyzerAsync(
            """
            using System.IO;
            using System.Text;

            public class Report
            {
                protected StreamWriter Output = new StreamWriter("report.txt");
                private readonly TextWriter _buffer = new StringWriter();
                private readonly TextWriter _console = System.Console.Out;

                public void Line(string text)
                {
                    Output.WriteLine(text);
                    Output.Flush();
                    _buffer.WriteLine(text);
                    _buffer.Flush();
                    _console.WriteLine(text);
                    _console.Flush();
                }
            }

            public sealed class TeeWriter : TextWriter
            {
                private readonly StreamWriter _file = new StreamWriter("tee.log");

                public override Encoding Encoding => Encoding.UTF8;

                public override void Write(char value) => _file.Write(value);

                public override void Flush() => _file.Flush();
            }
            """);
}
